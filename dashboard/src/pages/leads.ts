import { queryString } from '../url.js';
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type LeadQuery } from '../api.js';
import { clockTime } from '../format.js';
import { useAsync, useNow, useThrottled } from '../hooks.js';
import { useLive } from '../live.js';
import { href, navigate, type Route } from '../router.js';
import { useSettings } from '../settings-context.js';
import { LeadTable } from '../components/lead-table.js';
import { useOwners } from '../components/owner.js';
import { useMe } from '../me-context.js';
import type { Owner, TeamUser } from '../types.js';
import { Pager, useCursorPages } from '../components/pager.js';
import { Empty, ErrorBox, Loading } from '../components/states.js';

export const PAGE_SIZE = 50;

/** Filter tabs, hottest first; '' is every open lead. */
export const STAGE_FILTERS: { value: string; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'sql', label: 'SQL' },
  { value: 'near_sql', label: 'Near-SQL' },
  { value: 'mql', label: 'MQL' },
  { value: 'lead', label: 'Lead' },
  { value: 'accepted', label: 'Accepted' },
  { value: 'rejected', label: 'Rejected' },
  { value: 'won', label: 'Won' },
  { value: 'lost', label: 'Lost' },
];

/** How often at most the list refetches while live events pour in. */
const LIVE_REFRESH_MS = 1000;
const FLASH_MS = 2500;

function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const [text, setText] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => setText(value), [value]);
  const onInput = (e: Event) => {
    const next = (e.target as HTMLInputElement).value;
    setText(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => onSearch(next.trim()), 250);
  };
  return html`<input
    type="search"
    class="search"
    placeholder="Search name, email or company"
    aria-label="Search leads"
    value=${text}
    onInput=${onInput}
    maxlength="200"
  />`;
}

/**
 * Whose leads the list shows: `all`, `me`, or a user's id. With no `owner` in the hash, a sales
 * user sees their own leads (the issue: "filters to its own by default") and everyone else sees all.
 */
export function ownerFilter(route: Route, me: Pick<TeamUser, 'role'> | null): string {
  const asked = route.query.get('owner');
  if (asked === 'all' || asked === 'me' || (asked && /^\d{1,15}$/.test(asked))) return asked;
  return me?.role === 'sales' ? 'me' : 'all';
}

/** The filters the hash names. */
function filtersOf(route: Route, me: Pick<TeamUser, 'role'> | null) {
  return {
    stage: route.query.get('stage') ?? '',
    q: route.query.get('q') ?? '',
    sort: route.query.get('sort') === 'lastSeen' ? ('lastSeen' as const) : ('score' as const),
    owner: ownerFilter(route, me),
    overdue: route.query.get('overdue') === '1',
  };
}
type Filters = ReturnType<typeof filtersOf>;

/** The hash of the list with these filters (defaults left out, so a shared link stays short). */
function listHref(f: Filters, me: Pick<TeamUser, 'role'> | null): string {
  const defaultOwner = me?.role === 'sales' ? 'me' : 'all';
  return href('/leads', {
    stage: f.stage,
    q: f.q,
    sort: f.sort === 'score' ? '' : f.sort,
    owner: f.owner === defaultOwner ? '' : f.owner,
    overdue: f.overdue ? '1' : '',
  });
}

/** The first page's query for a route; `main.ts` prefetches it so the list does not wait for the app to start. */
export function firstPageQuery(route: Route, me: Pick<TeamUser, 'role'> | null = null): LeadQuery {
  const { stage, q, sort, owner, overdue } = filtersOf(route, me);
  return {
    stage: stage || null,
    q: q || null,
    sort,
    owner: owner === 'all' ? null : owner,
    overdue: overdue ? 'true' : null,
    limit: PAGE_SIZE,
    cursor: null,
  };
}

/** "My leads" and everyone's, one click apart (signed-in users only: the admin token owns nothing). */
function OwnerFilter({ filters, me, owners }: { filters: Filters; me: TeamUser | null; owners: Owner[] }) {
  const go = (owner: string) => navigate(listHref({ ...filters, owner }, me), { replace: true });
  return html`${
      me
        ? html`<div class="tabs mine" role="group" aria-label="Whose leads">
            <a class=${filters.owner === 'me' ? 'tab active' : 'tab'} data-owner="me" href=${listHref({ ...filters, owner: 'me' }, me)}
              >My leads</a
            >
            <a class=${filters.owner === 'all' ? 'tab active' : 'tab'} data-owner="all" href=${listHref({ ...filters, owner: 'all' }, me)}
              >All leads</a
            >
          </div>`
        : null
    }
    <select
      aria-label="Owner"
      class="owner-filter"
      value=${filters.owner}
      onChange=${(e: Event) => go((e.target as HTMLSelectElement).value)}
    >
      <option value="all">Anyone's</option>
      ${me ? html`<option value="me">Mine</option>` : null} ${owners.map((o) => html`<option value=${String(o.id)}>${o.name}</option>`)}
    </select>
    <label class="check overdue-filter"
      ><input
        type="checkbox"
        checked=${filters.overdue}
        onChange=${(e: Event) => navigate(listHref({ ...filters, overdue: (e.target as HTMLInputElement).checked }, me), { replace: true })}
      />
      Overdue only</label
    >`;
}

/** Home: open leads ranked by current score, updated live as scores and stages change. */
export function LeadsPage({ route }: { route: Route }) {
  const me = useMe();
  const filters = filtersOf(route, me);
  const { stage, q, sort, owner, overdue } = filters;
  const { slaHours } = useSettings();
  const now = useNow();
  const filterKey = `${stage}|${q}|${sort}|${owner}|${overdue}`;
  const pages = useCursorPages(PAGE_SIZE, filterKey);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const [flashed, setFlashed] = useState<ReadonlySet<number>>(new Set());
  const pending = useRef(new Set<number>());

  const list = useAsync(() => api.leads({ ...firstPageQuery(route, me), cursor: pages.cursor }), [filterKey, pages.cursor]);
  const owners = useOwners();

  const refresh = useThrottled(() => {
    setFlashed(new Set(pending.current));
    pending.current.clear();
    setUpdatedAt(Date.now());
    list.reload();
  }, LIVE_REFRESH_MS);
  useLive((m) => {
    pending.current.add(m.leadId);
    refresh();
  });
  useEffect(() => {
    if (!flashed.size) return;
    const t = setTimeout(() => setFlashed(new Set()), FLASH_MS);
    return () => clearTimeout(t);
  }, [flashed]);

  const setQuery = (next: Partial<Filters>) => navigate(listHref({ ...filters, ...next }, me), { replace: true });
  const { limit: _limit, cursor: _cursor, ...csvQuery } = firstPageQuery(route, me);
  const data = list.data;

  return html`<section class="page leads-page">
    <div class="page-head">
      <h1>Hot leads</h1>
      <span class="muted small" aria-live="polite"
        >${updatedAt ? `Updated live at ${clockTime(updatedAt)}` : 'Ranked by current score'}</span
      >
      <a class="csv-link" data-csv="leads" href=${`/api/leads.csv${queryString(csvQuery)}`} download>Download CSV</a>
    </div>
    <div class="toolbar">
      <div class="tabs" role="tablist" aria-label="Filter by stage">
        ${STAGE_FILTERS.map(
          (f) =>
            html`<a
              role="tab"
              aria-selected=${f.value === stage}
              class=${f.value === stage ? 'tab active' : 'tab'}
              href=${listHref({ ...filters, stage: f.value }, me)}
              >${f.label}</a
            >`,
        )}
      </div>
      <div class="toolbar-end">
        <${OwnerFilter} filters=${filters} me=${me} owners=${owners.list} />
        <${SearchBox} value=${q} onSearch=${(next: string) => setQuery({ q: next })} />
        <select
          aria-label="Sort"
          value=${sort}
          onChange=${(e: Event) => setQuery({ sort: (e.target as HTMLSelectElement).value === 'lastSeen' ? 'lastSeen' : 'score' })}
        >
          <option value="score">Highest score</option>
          <option value="lastSeen">Last seen</option>
        </select>
      </div>
    </div>
    ${list.error ? html`<${ErrorBox} error=${list.error} retry=${list.reload} />` : null}
    ${!data && list.loading ? html`<${Loading} label="Loading leads…" />` : null}
    ${
      data && !data.leads.length
        ? html`<${Empty}>${q || stage || owner !== 'all' || overdue ? 'No leads match this filter.' : 'No leads yet. They appear here as soon as a visitor identifies themselves.'}</${Empty}>`
        : null
    }
    ${
      data && data.leads.length
        ? html`<div class="card flush">
              <${LeadTable} leads=${data.leads} now=${now} slaHours=${slaHours} flashed=${flashed} owners=${owners.byId} />
            </div>
            <${Pager}
              offset=${pages.offset}
              shown=${data.leads.length}
              total=${data.total}
              hasPrev=${pages.hasPrev}
              hasNext=${!!data.nextCursor}
              onPrev=${pages.prev}
              onNext=${() => pages.next(data.nextCursor)}
            />`
        : null
    }
  </section>`;
}
