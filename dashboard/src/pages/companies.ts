import { html } from 'htm/preact';
import { api } from '../api.js';
import { count, points } from '../format.js';
import { useState } from 'preact/hooks';
import { useAsync, useNow } from '../hooks.js';
import { useSettings } from '../settings-context.js';
import { LeadTable } from '../components/lead-table.js';
import type { Company } from '../types.js';
import { StageBadge } from '../components/badges.js';
import { Pager, useCursorPages } from '../components/pager.js';
import { Empty, ErrorBox, Loading } from '../components/states.js';
import type { Route } from '../router.js';
import { AccountsSection } from './accounts.js';

const PAGE_SIZE = 50;

/** Everyone at the company, hottest first, in the same table as the home page. */
function CompanyPeople({ domain }: { domain: string }) {
  const { slaHours } = useSettings();
  const now = useNow();
  const detail = useAsync(() => api.company(domain), [domain]);
  if (detail.error) return html`<${ErrorBox} error=${detail.error} retry=${detail.reload} />`;
  if (!detail.data) return html`<${Loading} />`;
  return html`<div class="company-people"><${LeadTable} leads=${detail.data.company.leads} now=${now} slaHours=${slaHours} /></div>`;
}

function CompanyRow({ company }: { company: Company }) {
  const [open, setOpen] = useState(false);
  return html`<tr data-domain=${company.domain}>
      <th scope="row" data-label="Company">
        <span class="company-name">${company.name || company.domain}</span>
        ${company.name && company.name !== company.domain ? html`<span class="sub">${company.domain}</span>` : null}
      </th>
      <td class="num strong" data-label="Total score">${points(company.totalScore)}</td>
      <td class="num" data-label="Top score">${points(company.topScore)}</td>
      <td class="num" data-label="People">${count(company.engagedPeople)} <span class="muted">/ ${count(company.people)}</span></td>
      <td data-label="Engaged people">
        <ul class="chips">
          ${company.topLeads.map(
            (l) =>
              html`<li key=${l.id}>
                <a href=${`#/leads/${l.id}`} class="chip"
                  >${l.name || l.email} <span class="chip-score">${points(l.score)}</span> <${StageBadge} stage=${l.stage}
                /></a>
              </li>`,
          )}
          ${
            company.people > company.topLeads.length || open
              ? html`<li>
                  <button type="button" class="link small" aria-expanded=${open} onClick=${() => setOpen(!open)}>
                    ${open ? 'Hide people' : `All ${count(company.people)} people`}
                  </button>
                </li>`
              : null
          }
        </ul>
      </td>
    </tr>
    ${
      open
        ? html`<tr class="company-people-row">
            <td colspan="5"><${CompanyPeople} domain=${company.domain} /></td>
          </tr>`
        : null
    }`;
}

/** Accounts by intent (people and anonymous browsers, network-only accounts included), then companies by their people's lead scores. */
export function CompaniesPage({ route }: { route: Route }) {
  const pages = useCursorPages(PAGE_SIZE, '');
  const list = useAsync(() => api.companies({ limit: PAGE_SIZE, cursor: pages.cursor }), [pages.cursor]);
  const data = list.data;
  return html`<section class="page companies-page">
    <div class="page-head">
      <h1>Companies</h1>
      <span class="muted small">Ranked by account intent: identified people and anonymous visitors from their network</span>
      <a class="csv-link" data-csv="companies" href="/api/companies.csv" download>Download CSV</a>
    </div>
    <${AccountsSection} route=${route} />
    <h2>By their people's lead scores</h2>
    ${list.error ? html`<${ErrorBox} error=${list.error} retry=${list.reload} />` : null}
    ${!data && list.loading ? html`<${Loading} label="Loading companies…" />` : null}
    ${data && !data.companies.length ? html`<${Empty}>No companies yet. Leads with a company email roll up here.</${Empty}>` : null}
    ${
      data && data.companies.length
        ? html`<div class="card flush">
              <table class="table companies responsive">
                <thead>
                  <tr>
                    <th scope="col">Company</th>
                    <th class="num" scope="col">Total score</th>
                    <th class="num" scope="col">Top score</th>
                    <th class="num" scope="col">Engaged / people</th>
                    <th scope="col">Engaged people</th>
                  </tr>
                </thead>
                <tbody>
                  ${data.companies.map((c) => html`<${CompanyRow} key=${c.domain} company=${c} />`)}
                </tbody>
              </table>
            </div>
            <${Pager}
              noun="companies"
              offset=${pages.offset}
              shown=${data.companies.length}
              hasPrev=${pages.hasPrev}
              hasNext=${!!data.nextCursor}
              onPrev=${pages.prev}
              onNext=${() => pages.next(data.nextCursor)}
            />`
        : null
    }
  </section>`;
}
