import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { count, duration, percent } from '../format.js';
import { useAsync } from '../hooks.js';
import type { Review } from '../types.js';
import { ErrorBox, Loading } from '../components/states.js';

/** `2026Q3` for a time (UTC), and the quarters before it. */
export function quarterOf(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}
function recentQuarters(now: number, n = 8): string[] {
  const d = new Date(now);
  return Array.from({ length: n }, (_, i) => quarterOf(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 3 * i, 1)));
}

const num = (n: number | null) => (n === null ? '—' : String(n));

function proposalText(p: Review['proposal']): string {
  if (p.kind === 'drop-rule') return `Drop the rule “${p.ruleId}”: ${p.why}.`;
  if (p.kind === 'mql-threshold') return `Move the MQL score threshold from ${p.from} to ${p.to}: ${p.why}.`;
  return `No change proposed: ${p.why}.`;
}

function Lifts({ r }: { r: Review }) {
  return html`<table class="table review-lifts">
    <thead>
      <tr>
        <th scope="col">Rule</th>
        <th class="num" scope="col">Won matched</th>
        <th class="num" scope="col">Lost/rejected matched</th>
        <th class="num" scope="col">Lift</th>
      </tr>
    </thead>
    <tbody>
      ${r.lifts.map(
        (l) =>
          html`<tr key=${l.ruleId} data-rule=${l.ruleId}>
            <th scope="row">${l.ruleId}</th>
            <td class="num">${l.won}/${l.wonTotal}</td>
            <td class="num">${l.lostRejected}/${l.lostRejectedTotal}</td>
            <td class="num" data-lift>
              ${l.lift === null ? '—' : l.lift.toFixed(2)}${l.tooFew ? html` <span class="muted">(too few)</span>` : null}
            </td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function Thresholds({ t }: { t: Review['thresholds'] }) {
  const row = (name: string, d: Review['thresholds']['wonAtSqlEntry']) =>
    html`<tr>
      <th scope="row">${name}</th>
      <td class="num">${count(d.n)}</td>
      <td class="num">${num(d.min)}</td>
      <td class="num">${num(d.p25)}</td>
      <td class="num" data-median>${num(d.median)}</td>
      <td class="num">${num(d.p75)}</td>
      <td class="num">${num(d.max)}</td>
    </tr>`;
  return html`<p>
      MQL: score ≥ <strong data-threshold="mql">${t.thresholds.mqlScore}</strong> · SQL: engagement ≥ ${t.thresholds.sqlEngagement} or high
      intent · near-SQL: at most ${t.thresholds.nearSqlMaxMissingBant} BANT missing
    </p>
    <table class="table review-thresholds">
      <thead>
        <tr>
          <th scope="col">Won leads’ score</th>
          <th class="num" scope="col">n</th>
          <th class="num" scope="col">min</th>
          <th class="num" scope="col">p25</th>
          <th class="num" scope="col">median</th>
          <th class="num" scope="col">p75</th>
          <th class="num" scope="col">max</th>
        </tr>
      </thead>
      <tbody>
        ${row('at SQL entry', t.wonAtSqlEntry)} ${row('at first sales action', t.wonAtFirstAction)}
      </tbody>
    </table>
    <p class="muted">Won leads below the MQL threshold when sales took them: ${count(t.wonBelowMql)}.</p>`;
}

function Backtest({ b }: { b: NonNullable<Review['backtest']> }) {
  return html`<table class="table review-backtest">
      <thead>
        <tr>
          <th scope="col">Backtest</th>
          <th class="num" scope="col">Current rules</th>
          <th class="num" scope="col">Proposed</th>
        </tr>
      </thead>
      <tbody>
        <tr data-metric="precision">
          <th scope="row">SQL precision</th>
          <td class="num">${percent(b.current.precision)}</td>
          <td class="num">${percent(b.proposed.precision)}</td>
        </tr>
        <tr data-metric="recall">
          <th scope="row">SQL recall</th>
          <td class="num">${percent(b.current.recall)}</td>
          <td class="num">${percent(b.proposed.recall)}</td>
        </tr>
      </tbody>
    </table>
    ${b.current.tooFew ? html`<p class="muted">These rest on too few outcomes (${count(b.current.judged)} judged leads) to mean much.</p>` : null}`;
}

function Report({ r }: { r: Review }) {
  return html`<p data-outcomes>
      ${count(r.outcomes.won)} won, ${count(r.outcomes.lostRejected)} lost or rejected in ${r.quarter} (a lift needs ${r.outcomes.minimum}
      of each).
    </p>
    <section class="card">
      <h2>Rule lift: won vs lost/rejected</h2>
      <${Lifts} r=${r} />
    </section>
    <section class="card">
      <h2>Stage thresholds against won leads</h2>
      <${Thresholds} t=${r.thresholds} />
    </section>
    <section class="card">
      <h2>Follow-up SLA</h2>
      <p data-sla>
        ${percent(r.sla.share)} of SQLs acted on within ${r.sla.slaHours} h (${count(r.sla.withinSla)} on time, ${count(r.sla.late)} late,
        ${count(r.sla.pending)} pending); median wait ${duration(r.sla.medianToFirstActionMs)}.
      </p>
    </section>
    <section class="card">
      <h2>Proposed change</h2>
      <p data-proposal>${proposalText(r.proposal)}</p>
      ${r.backtest ? html`<${Backtest} b=${r.backtest} />` : null}
    </section>`;
}

/** The quarterly review (#/review): printable, so it can be taken into the meeting. */
export function ReviewPage() {
  const quarters = recentQuarters(Date.now());
  const [quarter, setQuarter] = useState(quarters[0]!);
  const data = useAsync(() => api.review(quarter), [quarter]);
  return html`<section class="page review">
    <h1>Quarterly review ${quarter}</h1>
    <div class="toolbar no-print">
      <label>
        Quarter
        <select value=${quarter} onChange=${(e: Event) => setQuarter((e.target as HTMLSelectElement).value)}>
          ${quarters.map((q) => html`<option key=${q} value=${q}>${q}</option>`)}
        </select>
      </label>
      <button type="button" onClick=${() => window.print()}>Print</button>
    </div>
    ${
      data.error
        ? html`<${ErrorBox} error=${data.error} retry=${data.reload} />`
        : data.data
          ? html`<${Report} r=${data.data} />`
          : html`<${Loading} label="Replaying the quarter…" />`
    }
  </section>`;
}
