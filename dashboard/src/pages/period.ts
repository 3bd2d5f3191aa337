import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { count, duration, percent } from '../format.js';
import { useAsync } from '../hooks.js';
import { CacCard } from './cac.js';
import { funnelCsvHref, MODE_LABELS, PRESET_LABELS, PRESETS, presetRange, type PeriodParams, type Preset } from '../period.js';
import type { PeriodFunnel } from '../types.js';
import { CountTrend, RateTrend } from '../components/trend-chart.js';
import { ErrorBox, Loading } from '../components/states.js';

const STEP_LABELS: Record<keyof PeriodFunnel['times'], string> = {
  leadToMql: 'Lead → MQL',
  mqlToSql: 'MQL → SQL',
  sqlToFirstAction: 'SQL → first sales action',
  sqlToWon: 'SQL → won',
};
const COUNT_LABELS = [
  ['lead', 'New leads'],
  ['mql', 'MQL'],
  ['sql', 'SQL'],
  ['won', 'Won'],
  ['lost', 'Lost'],
  ['rejected', 'Rejected'],
] as const;
const CHANNEL_LABEL = (c: string) => c.replace(/_/g, ' ').replace(/^./, (s) => s.toUpperCase());

function Picker({ params, set }: { params: PeriodParams; set: (p: PeriodParams) => void }) {
  const choose = (preset: Preset) => set({ ...params, ...presetRange(preset, Date.now()) });
  return html`<form class="period-picker" onSubmit=${(e: Event) => e.preventDefault()}>
    <div class="presets" role="group" aria-label="Period">
      ${PRESETS.map((p) => {
        const r = presetRange(p, Date.now());
        const on = r.from === params.from && r.to === params.to;
        return html`<button type="button" key=${p} aria-pressed=${on} onClick=${() => choose(p)}>${PRESET_LABELS[p]}</button>`;
      })}
    </div>
    <label
      >From
      <input
        type="date"
        name="from"
        value=${params.from}
        onChange=${(e: Event) => set({ ...params, from: (e.target as HTMLInputElement).value })}
    /></label>
    <label
      >To
      <input
        type="date"
        name="to"
        value=${params.to}
        onChange=${(e: Event) => set({ ...params, to: (e.target as HTMLInputElement).value })}
    /></label>
    <fieldset class="readings">
      <legend>Reading</legend>
      ${(['activity', 'cohort'] as const).map(
        (m) =>
          html`<label key=${m}>
            <input type="radio" name="mode" value=${m} checked=${params.mode === m} onChange=${() => set({ ...params, mode: m })} />
            ${MODE_LABELS[m]}
          </label>`,
      )}
    </fieldset>
    <label>
      Trend by
      <select
        name="interval"
        value=${params.interval}
        onChange=${(e: Event) => set({ ...params, interval: (e.target as HTMLSelectElement).value as PeriodParams['interval'] })}
      >
        <option value="week">week</option>
        <option value="month">month</option>
      </select>
    </label>
  </form>`;
}

const Csv = ({ params, table }: { params: PeriodParams; table: string }) =>
  html`<a class="csv-link" href=${funnelCsvHref(params, table)} download>CSV</a>`;

function Channels({ f, params }: { f: PeriodFunnel; params: PeriodParams }) {
  const [attribution, setAttribution] = useState<'firstTouch' | 'lastTouch'>('firstTouch');
  const rows = f.channels[attribution];
  return html`<div class="card">
    <h2>Channels <${Csv} params=${params} table="channels" /></h2>
    <div role="group" aria-label="Attribution" class="presets">
      <button type="button" aria-pressed=${attribution === 'firstTouch'} onClick=${() => setAttribution('firstTouch')}>First touch</button>
      <button type="button" aria-pressed=${attribution === 'lastTouch'} onClick=${() => setAttribution('lastTouch')}>
        Last touch (the converting session)
      </button>
    </div>
    <table class="table channels responsive">
      <thead>
        <tr>
          <th scope="col">Channel</th>
          <th class="num" scope="col">Leads</th>
          <th class="num" scope="col">MQL</th>
          <th class="num" scope="col">SQL</th>
          <th class="num" scope="col">Won</th>
          <th class="num" scope="col">MQL→SQL</th>
          <th class="num" scope="col">SQL→won</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (r) =>
            html`<tr key=${r.channel}>
              <th scope="row" data-label="Channel">
                <details>
                  <summary>${CHANNEL_LABEL(r.channel)}</summary>
                  <ul class="raw-sources">
                    ${r.sources.map((s) => html`<li key=${s.source}>${s.source} <span class="muted">(${count(s.leads)})</span></li>`)}
                  </ul>
                </details>
              </th>
              <td class="num" data-label="Leads">${count(r.counts.lead)}</td>
              <td class="num" data-label="MQL">${count(r.counts.mql)}</td>
              <td class="num" data-label="SQL">${count(r.counts.sql)}</td>
              <td class="num" data-label="Won">${count(r.counts.won)}</td>
              <td class="num" data-label="MQL→SQL">${percent(r.rates.mqlToSql)}</td>
              <td class="num" data-label="SQL→won">${percent(r.rates.sqlToWon)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${rows.length ? null : html`<p class="muted">Nothing in this period.</p>`}
  </div>`;
}

/** The follow-up SLA per lead owner (unowned leads last). */
function SlaByOwner({ rows }: { rows: PeriodFunnel['sla']['byOwner'] }) {
  return html`<table class="table sla-owners">
    <thead>
      <tr>
        <th scope="col">Owner</th>
        <th class="num" scope="col">On time</th>
        <th class="num" scope="col">Late</th>
        <th class="num" scope="col">Share</th>
        <th class="num" scope="col">Median wait</th>
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (o) =>
          html`<tr key=${o.ownerId ?? 'none'} data-owner=${o.ownerId ?? ''}>
            <th scope="row">${o.owner ?? 'No owner'}</th>
            <td class="num">${count(o.withinSla)}</td>
            <td class="num">${count(o.late)}</td>
            <td class="num">${percent(o.share)}</td>
            <td class="num">${duration(o.medianToFirstActionMs)}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function Figures({ f, params }: { f: PeriodFunnel; params: PeriodParams }) {
  const ref = f.reference;
  const t = f.trends.points;
  return html`<div class="grid-2">
      <div class="card">
        <h2>Counts and rates <${Csv} params=${params} table="stages" /></h2>
        <dl class="medians">
          ${COUNT_LABELS.map(
            ([k, label]) =>
              html`<div key=${k}>
                <dt>${label}</dt>
                <dd data-period-count=${k}>${count(f.counts[k])}</dd>
              </div>`,
          )}
          <div>
            <dt>MQL → SQL</dt>
            <dd data-period-rate="mqlToSql">${percent(f.rates.mqlToSql)}</dd>
          </div>
          <div>
            <dt>SQL → won</dt>
            <dd data-period-rate="sqlToWon">${percent(f.rates.sqlToWon)}</dd>
          </div>
          ${f.revenue
            .filter((r) => r.amount > 0)
            .map(
              (r) =>
                html`<div key=${r.currency ?? '-'}>
                  <dt>Won revenue${r.currency ? ` (${r.currency})` : ''}</dt>
                  <dd data-period-revenue=${r.currency ?? ''}>${count(r.amount)}</dd>
                </div>`,
            )}
        </dl>
      </div>
      <div class="card">
        <h2>Times <${Csv} params=${params} table="times" /></h2>
        <table class="table times">
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th class="num" scope="col">Median</th>
              <th class="num" scope="col">p75</th>
              <th class="num" scope="col">Leads</th>
              <th class="num" scope="col">Already past</th>
            </tr>
          </thead>
          <tbody>
            ${Object.entries(f.times).map(
              ([step, s]) =>
                html`<tr key=${step} data-step=${step}>
                  <th scope="row">${STEP_LABELS[step as keyof PeriodFunnel['times']]}</th>
                  <td class="num">${duration(s.medianMs)}</td>
                  <td class="num">${duration(s.p75Ms)}</td>
                  <td class="num">${count(s.n)}</td>
                  <td class="num">${count(s.alreadyPast)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
        <p class="muted small">
          Only leads that reached both stages; "already past" reached both at once (e.g. already MQL when identified), so they are not
          counted as 0 s.
        </p>
      </div>
      <div class="card">
        <h2>Follow-up within ${f.sla.slaHours} h <${Csv} params=${params} table="overdue" /></h2>
        <div class="kpi-value" data-kpi="sla-share">${percent(f.sla.share)}</div>
        <p class="muted small">
          ${count(f.sla.withinSla)} on time, ${count(f.sla.late)} late, ${count(f.sla.pending)} still within the deadline; median wait for
          the first action ${duration(f.sla.medianToFirstActionMs)}.
        </p>
        ${f.sla.byOwner.some((o) => o.ownerId !== null) ? html`<${SlaByOwner} rows=${f.sla.byOwner} />` : null}
        <h3>Overdue now</h3>
        ${
          f.sla.overdue.length
            ? html`<ul class="overdue">
                ${f.sla.overdue.map((o) => html`<li key=${o.id}><a href=${`#/leads/${o.id}`}>${o.email}</a> <span class="muted">${o.owner ? `${o.owner}, ` : ''}due ${duration(Date.now() - o.dueAt)} ago</span></li>`)}
              </ul>`
            : html`<p class="muted">None.</p>`
        }
      </div>
      <div class="card">
        <h2>Trends <${Csv} params=${params} table="trends" /></h2>
        <h3>MQL → SQL</h3>
        <${RateTrend}
          label="MQL to SQL"
          points=${t.map((p) => ({ from: p.from, rate: p.mqlToSql }))}
          references=${[
            { at: ref.mqlToSqlAverage, label: 'average' },
            { at: ref.mqlToSqlBest, label: 'best teams' },
          ]}
        />
        <h3>SQL → won</h3>
        <${RateTrend}
          label="SQL to won"
          points=${t.map((p) => ({ from: p.from, rate: p.sqlToWon }))}
          references=${[{ at: ref.sqlToWon, label: 'typical' }]}
        />
        <h3>New MQLs and SQLs</h3>
        <${CountTrend} points=${t} />
      </div>
    </div>
    <${Channels} f=${f} params=${params} />
    <${CacCard} cac=${f.cac} channelLabel=${CHANNEL_LABEL} csv=${html`<${Csv} params=${params} table="cac" />`} />`;
}

/** The funnel over a chosen period, in the reading the picker names. */
export function PeriodSection() {
  const [params, set] = useState<PeriodParams>({ ...presetRange('this-quarter', Date.now()), mode: 'activity', interval: 'month' });
  const data = useAsync(() => api.periodFunnel(params), [params.from, params.to, params.mode, params.interval]);
  return html`<section class="period" aria-label="Funnel over a period">
    <h2>Over a period</h2>
    <${Picker} params=${params} set=${set} />
    ${data.error ? html`<${ErrorBox} error=${data.error} retry=${data.reload} />` : data.data ? html`<${Figures} f=${data.data} params=${params} />` : html`<${Loading} label="Loading period…" />`}
  </section>`;
}
