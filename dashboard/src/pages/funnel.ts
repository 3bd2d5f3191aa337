import { html } from 'htm/preact';
import { api } from '../api.js';
import { count, duration, percent } from '../format.js';
import { useAsync } from '../hooks.js';
import type { Funnel, FunnelSlice } from '../types.js';
import { RateBar, SliceBar, sliceTotal, StageBars } from '../components/charts.js';
import { Empty, ErrorBox, Loading } from '../components/states.js';
import { PeriodSection } from './period.js';
import { OutcomesImport } from './outcomes-import.js';

function Kpis({ funnel }: { funnel: Funnel }) {
  const ref = funnel.reference;
  return html`<div class="kpis">
    <div class="card kpi">
      <h2>MQL → SQL</h2>
      <div class="kpi-value" data-kpi="mqlToSql">${percent(funnel.rates.mqlToSql)}</div>
      <${RateBar}
        label="MQL to SQL rate"
        rate=${funnel.rates.mqlToSql}
        references=${[
          { at: ref.mqlToSqlAverage, label: 'average' },
          { at: ref.mqlToSqlBest, label: 'best teams' },
        ]}
      />
    </div>
    <div class="card kpi">
      <h2>SQL → won</h2>
      <div class="kpi-value" data-kpi="sqlToWon">${percent(funnel.rates.sqlToWon)}</div>
      <${RateBar} label="SQL to won rate" rate=${funnel.rates.sqlToWon} references=${[{ at: ref.sqlToWon, label: 'typical' }]} />
    </div>
    <div class="card kpi">
      <h2>Median time</h2>
      <dl class="medians">
        <div>
          <dt>Lead → MQL</dt>
          <dd data-kpi="leadToMql">${duration(funnel.medians.leadToMqlMs)}</dd>
        </div>
        <div>
          <dt>MQL → SQL</dt>
          <dd data-kpi="mqlToSql-time">${duration(funnel.medians.mqlToSqlMs)}</dd>
        </div>
      </dl>
    </div>
  </div>`;
}

/** The same numbers per first-touch source or UTM campaign, with a bar per row. */
function SliceTable({
  title,
  rows,
  mqlToSqlAverage,
}: {
  title: string;
  rows: (FunnelSlice & { name: string })[];
  mqlToSqlAverage: number;
}) {
  if (!rows.length)
    return html`<div class="card">
      <h2>By ${title}</h2>
      <p class="muted">No data yet.</p>
    </div>`;
  const max = Math.max(...rows.map((r) => sliceTotal(r.counts)), 1);
  const cell = (label: string, value: string, cls = 'num') => html`<td class=${cls} data-label=${label}>${value}</td>`;
  return html`<div class="card">
    <h2>By ${title}</h2>
    <table class="table slices responsive">
      <thead>
        <tr>
          <th scope="col">${title[0]!.toUpperCase() + title.slice(1)}</th>
          <th scope="col" class="bar-col">Leads by stage now</th>
          <th class="num" scope="col">Leads</th>
          <th class="num" scope="col">MQL</th>
          <th class="num" scope="col">Near-SQL</th>
          <th class="num" scope="col">SQL</th>
          <th class="num" scope="col">Won</th>
          <th class="num" scope="col">MQL→SQL</th>
          <th class="num" scope="col">SQL→won</th>
          <th class="num" scope="col">to MQL</th>
          <th class="num" scope="col">to SQL</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (r) =>
            html`<tr key=${r.name}>
              <th scope="row" data-label=${title}>${r.name}</th>
              <td class="bar-col" data-label="Leads by stage now"><${SliceBar} counts=${r.counts} max=${max} /></td>
              ${cell('Leads', count(sliceTotal(r.counts)))} ${cell('MQL', count(r.counts.mql ?? 0))}
              ${cell('Near-SQL', count(r.counts.near_sql ?? 0))} ${cell('SQL', count(r.counts.sql ?? 0))}
              ${cell('Won', count(r.counts.won ?? 0))}
              ${cell('MQL→SQL', percent(r.rates.mqlToSql), `num ${r.rates.mqlToSql !== null && r.rates.mqlToSql >= mqlToSqlAverage ? 'good' : ''}`)}
              ${cell('SQL→won', percent(r.rates.sqlToWon))} ${cell('to MQL', duration(r.medians.leadToMqlMs))}
              ${cell('to SQL', duration(r.medians.mqlToSqlMs))}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** How leads move from first identification to won, compared with the reference figures. */
export function FunnelPage() {
  const funnel = useAsync(() => api.funnel(), []);
  if (funnel.error)
    return html`<section class="page">
      <h1>Funnel</h1>
      <${ErrorBox} error=${funnel.error} retry=${funnel.reload} />
    </section>`;
  const f = funnel.data;
  if (!f) return html`<${Loading} label="Loading funnel…" />`;
  const empty = !Object.values(f.counts).some((n) => (n ?? 0) > 0);
  return html`<section class="page funnel-page">
    <div class="page-head">
      <h1>Funnel</h1>
      <button type="button" onClick=${funnel.reload}>Refresh</button>
    </div>
    ${empty ? html`<${Empty}>No leads yet: the funnel fills as visitors identify themselves.</${Empty}>` : null}
    <div class="grid-2 funnel-top">
      <div class="card">
        <h2>Leads per stage <span class="muted small">where each lead stands now, and what sales decided</span></h2>
        <${StageBars} counts=${f.counts} />
        <p class="muted small">
          Rates count milestones: of the leads that ever reached MQL, the share that went on to SQL; of those that reached SQL, the share
          won.
        </p>
      </div>
      <${Kpis} funnel=${f} />
    </div>
    <${PeriodSection} />
    <${OutcomesImport} />
    <h2>All time</h2>
    <${SliceTable}
      title="first-touch source"
      rows=${f.bySource.map((s) => ({ ...s, name: s.source }))}
      mqlToSqlAverage=${f.reference.mqlToSqlAverage}
    />
    <${SliceTable}
      title="UTM campaign"
      rows=${f.byCampaign.map((s) => ({ ...s, name: s.campaign }))}
      mqlToSqlAverage=${f.reference.mqlToSqlAverage}
    />
  </section>`;
}
