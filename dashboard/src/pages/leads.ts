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

/** The filters the hash names. */
function filtersOf(route: Route) {
  return {
    stage: route.query.get('stage') ?? '',
    q: route.query.get('q') ?? '',
    sort: route.query.get('sort') === 'lastSeen' ? ('lastSeen' as const) : ('score' as const),
  };
}

/** The first page's query for a route; `main.ts` prefetches it so the list does not wait for the app to start. */
export function firstPageQuery(route: Route): LeadQuery {
  const { stage, q, sort } = filtersOf(route);
  return { stage: stage || null, q: q || null, sort, limit: PAGE_SIZE, cursor: null };
}

/** Home: open leads ranked by current score, updated live as scores and stages change. */
export function LeadsPage({ route }: { route: Route }) {
  const { stage, q, sort } = filtersOf(route);
  const { slaHours } = useSettings();
  const now = useNow();
  const pages = useCursorPages(PAGE_SIZE, `${stage}|${q}|${sort}`);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const [flashed, setFlashed] = useState<ReadonlySet<number>>(new Set());
  const pending = useRef(new Set<number>());

  const list = useAsync(() => api.leads({ ...firstPageQuery(route), cursor: pages.cursor }), [stage, q, sort, pages.cursor]);

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

  const setQuery = (next: Record<string, string>) =>
    navigate(href('/leads', { stage, q, sort: sort === 'score' ? '' : sort, ...next }), { replace: true });
  const data = list.data;

  return html`<section class="page leads-page">
    <div class="page-head">
      <h1>Hot leads</h1>
      <span class="muted small" aria-live="polite"
        >${updatedAt ? `Updated live at ${clockTime(updatedAt)}` : 'Ranked by current score'}</span
      >
      <a class="csv-link" data-csv="leads" href=${`/api/leads.csv${queryString({ stage, q, sort })}`} download>Download CSV</a>
    </div>
    <div class="toolbar">
      <div class="tabs" role="tablist" aria-label="Filter by stage">
        ${STAGE_FILTERS.map(
          (f) =>
            html`<a
              role="tab"
              aria-selected=${f.value === stage}
              class=${f.value === stage ? 'tab active' : 'tab'}
              href=${href('/leads', { stage: f.value, q, sort: sort === 'score' ? '' : sort })}
              >${f.label}</a
            >`,
        )}
      </div>
      <div class="toolbar-end">
        <${SearchBox} value=${q} onSearch=${(next: string) => setQuery({ q: next })} />
        <select
          aria-label="Sort"
          value=${sort}
          onChange=${(e: Event) => setQuery({ sort: (e.target as HTMLSelectElement).value === 'lastSeen' ? 'lastSeen' : '' })}
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
        ? html`<${Empty}>${q || stage ? 'No leads match this filter.' : 'No leads yet. They appear here as soon as a visitor identifies themselves.'}</${Empty}>`
        : null
    }
    ${
      data && data.leads.length
        ? html`<div class="card flush"><${LeadTable} leads=${data.leads} now=${now} slaHours=${slaHours} flashed=${flashed} /></div>
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
