import { html } from 'htm/preact';
import { api } from '../api.js';
import { count, points, relativeTime } from '../format.js';
import { useAsync, useNow } from '../hooks.js';
import { href, navigate, type Route } from '../router.js';
import type { Account } from '../types.js';
import { Empty, ErrorBox, Loading } from '../components/states.js';

const PAGE_SIZE = 50;
const STAGES = [
  ['', 'Any stage'],
  ['surging', 'Surging'],
  ['engaged', 'Engaged'],
  ['aware', 'Aware'],
] as const;

/** How sure the company is: the people's email domain, or only the network anonymous visitors came from. */
export function matchText(a: Pick<Account, 'match' | 'name'>): string {
  return a.match === 'network' ? `network of ${a.name}` : 'matched by email domain';
}

function AccountRow({ account, now }: { account: Account; now: number }) {
  return html`<tr data-account=${account.key}>
    <th scope="row" data-label="Company">
      <a href=${`#/companies/${encodeURIComponent(account.key)}`} class="company-name">${account.name}</a>
      <span class="sub"
        >${matchText(account)}${account.country ? ` · ${account.country}` : ''}${account.isNew ? ' · new this week' : ''}</span
      >
    </th>
    <td data-label="Stage"><span class=${`badge account-${account.stage}`}>${account.stage}</span></td>
    <td class="num strong" data-label="Score">${points(account.score)}</td>
    <td class="num" data-label="People">${count(account.people)}</td>
    <td class="num" data-label="Anonymous">${count(account.anonymous)}</td>
    <td data-label="Why">${account.summary}</td>
    <td data-label="Last seen">${relativeTime(account.lastSeenAt, now)}</td>
  </tr>`;
}

/** Accounts ranked by account intent (people and anonymous browsers), network-only ones included; filters in the URL. */
export function AccountsSection({ route }: { route: Route }) {
  const now = useNow();
  const stage = route.query.get('stage') ?? '';
  const country = route.query.get('country') ?? '';
  const fresh = route.query.get('new') === 'week';
  const offset = Number(route.query.get('offset') ?? 0) || 0;
  const list = useAsync(
    () =>
      api.accounts({ stage: stage || undefined, country: country || undefined, new: fresh ? 'week' : undefined, limit: PAGE_SIZE, offset }),
    [stage, country, fresh, offset],
  );
  const go = (next: Record<string, string | number>) =>
    navigate(href('/companies', { stage, country, new: fresh ? 'week' : '', offset: '', ...next }), { replace: true });
  const data = list.data;
  return html`<div class="accounts-section">
    <form class="filters" onSubmit=${(e: Event) => e.preventDefault()}>
      <label
        >Stage
        <select value=${stage} onChange=${(e: Event) => go({ stage: (e.target as HTMLSelectElement).value })}>
          ${STAGES.map(([v, l]) => html`<option value=${v}>${l}</option>`)}
        </select></label
      >
      <label
        >Country
        <select value=${country} onChange=${(e: Event) => go({ country: (e.target as HTMLSelectElement).value })}>
          <option value="">Any country</option>
          ${(data?.countries ?? (country ? [country] : [])).map((c) => html`<option value=${c}>${c}</option>`)}
        </select></label
      >
      <label class="check"
        ><input
          type="checkbox"
          checked=${fresh}
          onChange=${(e: Event) => go({ new: (e.target as HTMLInputElement).checked ? 'week' : '' })}
        />
        New this week</label
      >
    </form>
    ${list.error ? html`<${ErrorBox} error=${list.error} retry=${list.reload} />` : null}
    ${!data && list.loading ? html`<${Loading} label="Loading accounts…" />` : null}
    ${data && !data.accounts.length ? html`<${Empty}>No accounts match. Companies appear when their people or their network visit.</${Empty}>` : null}
    ${
      data && data.accounts.length
        ? html`<div class="card flush">
              <table class="table accounts responsive">
                <thead>
                  <tr>
                    <th scope="col">Company</th>
                    <th scope="col">Stage</th>
                    <th class="num" scope="col">Score</th>
                    <th class="num" scope="col">People</th>
                    <th class="num" scope="col">Anonymous</th>
                    <th scope="col">Why</th>
                    <th scope="col">Last seen</th>
                  </tr>
                </thead>
                <tbody>
                  ${data.accounts.map((a) => html`<${AccountRow} key=${a.key} account=${a} now=${now} />`)}
                </tbody>
              </table>
            </div>
            <p class="muted small">
              ${count(data.total)} accounts
              ${offset > 0 ? html` · <button type="button" class="link" onClick=${() => go({ offset: Math.max(0, offset - PAGE_SIZE) })}>Previous</button>` : null}
              ${data.nextOffset !== null ? html` · <button type="button" class="link" onClick=${() => go({ offset: data.nextOffset! })}>Next</button>` : null}
            </p>`
        : null
    }
  </div>`;
}
