import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { count, percent, points } from '../format.js';
import { ErrorBox, Loading } from '../components/states.js';
import type { BacktestReport, Band, RuleSetReport } from '../types.js';
import { BacktestForm } from './backtest-form.js';

/**
 * Rules backtest (POST /api/backtest): edit the scoring rules — the common changes in a form, every
 * setting as JSON — prefilled with the rules in force, and see, beside the current rules, how many leads each stage would hold, the alerts
 * per week, SQL precision and recall against sales' dispositions, the conversion rates, the
 * leads that change band and each rule's lift. The collector replays a read-only snapshot:
 * running it changes nothing.
 */
const BANDS: [Band, string][] = [
  ['lead', 'Lead'],
  ['mql', 'MQL'],
  ['near_sql', 'Near-SQL'],
  ['sql', 'SQL'],
];
/** GET /api/rules adds these to the scoring section; a backtest takes the section alone. */
const VIEW_ONLY_KEYS = ['fingerprint', 'rescoreDue'];

export function rulesText(view: unknown): string {
  const rules = { ...(view as Record<string, unknown>) };
  for (const key of VIEW_ONLY_KEYS) delete rules[key];
  return JSON.stringify(rules, null, 2);
}

/** The change of a rate in percentage points, with the direction that is better marked. */
function Delta({ from, to, higherIsBetter = true }: { from: number | null; to: number | null; higherIsBetter?: boolean }) {
  if (from === null || to === null) return html`<span class="muted">—</span>`;
  const pt = Math.round((to - from) * 1000) / 10;
  if (pt === 0) return html`<span class="muted">±0 pt</span>`;
  const better = pt > 0 === higherIsBetter;
  return html`<span class=${better ? 'good' : 'bad'}>${pt > 0 ? '+' : '−'}${Math.abs(pt).toFixed(1)} pt</span>`;
}

function CountDelta({ from, to }: { from: number; to: number }) {
  const d = to - from;
  return html`<span class=${d ? '' : 'muted'}>${d > 0 ? '+' : d < 0 ? '−' : '±'}${count(Math.abs(d))}</span>`;
}

/** What precision and recall rest on, said plainly when it is too little. */
function OutcomeNote({ o }: { o: BacktestReport['current']['outcomes'] }) {
  return html`<p class=${o.tooFew || o.onlyFlaggedJudged ? 'warn small' : 'muted small'} data-outcomes>
    Precision and recall rest on ${count(o.judged)} leads with a known outcome (${count(o.positive)} accepted or won, ${count(o.negative)}
    rejected or lost). ${o.tooFew ? ' Too few outcomes to mean much: at least 30, with 10 of each kind, are needed.' : ''}
    ${o.onlyFlaggedJudged ? ' Sales judged only leads that reached SQL, so recall is 100% by construction: import outcomes from your CRM.' : ''}
  </p>`;
}

function Summary({ r }: { r: BacktestReport }) {
  const rate = (label: string, key: 'precision' | 'recall' | 'mqlToSql' | 'sqlToWon', hint: string) =>
    html`<tr data-row=${key}>
      <th scope="row">${label} <span class="muted small">${hint}</span></th>
      <td class="num">${percent(r.current[key])}</td>
      <td class="num strong">${percent(r.proposed[key])}</td>
      <td class="num"><${Delta} from=${r.current[key]} to=${r.proposed[key]} /></td>
    </tr>`;
  return html`<table class="table backtest-summary">
      <thead>
        <tr>
          <th scope="col"></th>
          <th class="num" scope="col">Current</th>
          <th class="num" scope="col">Proposed</th>
          <th class="num" scope="col">Change</th>
        </tr>
      </thead>
      <tbody>
        ${BANDS.map(
          ([band, label]) =>
            html`<tr key=${band} data-row=${band}>
              <th scope="row">${label} now</th>
              <td class="num">${count(r.current.counts[band])}</td>
              <td class="num strong">${count(r.proposed.counts[band])}</td>
              <td class="num"><${CountDelta} from=${r.current.counts[band]} to=${r.proposed.counts[band]} /></td>
            </tr>`,
        )}
        <tr data-row="alerts">
          <th scope="row">Alerts <span class="muted small">upward crossings into SQL</span></th>
          <td class="num">${count(r.current.alerts)}</td>
          <td class="num strong">${count(r.proposed.alerts)}</td>
          <td class="num"><${CountDelta} from=${r.current.alerts} to=${r.proposed.alerts} /></td>
        </tr>
        ${rate('SQL precision', 'precision', 'of SQLs sales judged, accepted or won')}
        ${rate('SQL recall', 'recall', 'of accepted or won leads, reached SQL')} ${rate('MQL → SQL', 'mqlToSql', '')}
        ${rate('SQL → won', 'sqlToWon', '')}
      </tbody>
    </table>
    <${OutcomeNote} o=${r.current.outcomes} />`;
}

function Weeks({ r }: { r: BacktestReport }) {
  const weeks = [...new Set([...Object.keys(r.current.alertsPerWeek), ...Object.keys(r.proposed.alertsPerWeek)])].sort();
  if (!weeks.length) return html`<p class="muted">No alerts under either rule set.</p>`;
  const max = Math.max(1, ...weeks.flatMap((w) => [r.current.alertsPerWeek[w] ?? 0, r.proposed.alertsPerWeek[w] ?? 0]));
  const bar = (n: number, color: string) =>
    html`<div style=${`width:${(n / max) * 100}%;height:6px;margin:2px 0;border-radius:3px;background:${color}`}></div>`;
  return html`<table class="table backtest-weeks">
    <thead>
      <tr>
        <th scope="col">ISO week</th>
        <th class="num" scope="col">Current</th>
        <th class="num" scope="col">Proposed</th>
        <th scope="col" style="width:40%"></th>
      </tr>
    </thead>
    <tbody>
      ${weeks.map((w) => {
        const [c, p] = [r.current.alertsPerWeek[w] ?? 0, r.proposed.alertsPerWeek[w] ?? 0];
        return html`<tr key=${w} data-week=${w}>
          <th scope="row">${w}</th>
          <td class="num">${count(c)}</td>
          <td class="num strong">${count(p)}</td>
          <td aria-hidden="true">${bar(c, 'var(--muted)')}${bar(p, 'var(--accent)')}</td>
        </tr>`;
      })}
    </tbody>
  </table>`;
}

function liftClass(lift: number | null): string {
  return lift === null ? 'muted' : lift > 1.05 ? 'good' : lift < 0.95 ? 'bad' : '';
}

function Lift({ r }: { r: BacktestReport }) {
  const now = new Map(r.current.ruleLift.map((l) => [l.ruleId, l]));
  const rows: (RuleSetReport['ruleLift'][number] & { now: string })[] = r.proposed.ruleLift.map((l) => ({
    ...l,
    now: now.has(l.ruleId) ? (now.get(l.ruleId)!.lift?.toFixed(2) ?? '—') : 'new',
  }));
  for (const [id, l] of now)
    if (!r.proposed.ruleLift.some((p) => p.ruleId === id)) rows.push({ ...l, lift: null, now: `${l.lift?.toFixed(2) ?? '—'} (removed)` });
  return html`<table class="table backtest-lift responsive">
    <thead>
      <tr>
        <th scope="col">Rule</th>
        <th class="num" scope="col">Leads</th>
        <th class="num" scope="col">Accepted / won</th>
        <th class="num" scope="col">Rejected / lost</th>
        <th class="num" scope="col">Positive</th>
        <th class="num" scope="col">Lift</th>
        <th class="num" scope="col">Lift now</th>
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (l) =>
          html`<tr key=${l.ruleId} data-rule=${l.ruleId}>
            <th scope="row" data-label="Rule"><code>${l.ruleId}</code></th>
            <td class="num" data-label="Leads">${count(l.leads)}</td>
            <td class="num" data-label="Accepted / won">${count(l.positive)}</td>
            <td class="num" data-label="Rejected / lost">${count(l.negative)}</td>
            <td class="num" data-label="Positive">${percent(l.positiveRate)}</td>
            <td class=${`num strong ${liftClass(l.lift)}`} data-label="Lift">${l.lift === null ? '—' : l.lift.toFixed(2)}</td>
            <td class="num muted" data-label="Lift now">${l.now}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function Changes({ r }: { r: BacktestReport }) {
  if (!r.bandChangesTotal) return html`<p class="muted">No lead changes band.</p>`;
  const label = Object.fromEntries(BANDS) as Record<Band, string>;
  return html`${r.bandChangesTotal > r.bandChanges.length ? html`<p class="muted">The first ${count(r.bandChanges.length)} of ${count(r.bandChangesTotal)}.</p>` : null}
    <table class="table backtest-changes responsive">
      <thead>
        <tr>
          <th scope="col">Lead</th>
          <th scope="col">Current</th>
          <th scope="col">Proposed</th>
          <th class="num" scope="col">Score</th>
          <th scope="col">Disposition</th>
        </tr>
      </thead>
      <tbody>
        ${r.bandChanges.map(
          (c) =>
            html`<tr key=${c.leadId} data-lead-id=${c.leadId}>
              <th scope="row" data-label="Lead"><a href=${`#/leads/${c.leadId}`}>${c.email}</a></th>
              <td data-label="Current">${label[c.from]}</td>
              <td data-label="Proposed" class="strong">${label[c.to]}</td>
              <td class="num" data-label="Score">${points(c.scoreFrom)} → ${points(c.scoreTo)}</td>
              <td data-label="Disposition">${c.disposition ?? html`<span class="muted">—</span>`}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}

function Report({ r }: { r: BacktestReport }) {
  return html`<div class="backtest-report" data-report="ready">
    <p class="muted">
      ${`${count(r.leads)} leads and ${count(r.events)} events replayed in ${(r.ms / 1000).toFixed(1)} s. `}
      ${`Sales judged ${count(r.judged.positive + r.judged.negative)} of them: ${count(r.judged.positive)} accepted or won, ${count(r.judged.negative)} rejected or lost.`}
    </p>
    <div class="grid-2">
      <div class="card">
        <h2>Current vs proposed</h2>
        <${Summary} r=${r} />
      </div>
      <div class="card">
        <h2>Alerts per week</h2>
        <${Weeks} r=${r} />
      </div>
    </div>
    <div class="card">
      <h2>Rule lift</h2>
      <p class="small lift-explained">
        <strong>What lift means:</strong> how much more often sales accepted or won the leads a rule gave points to, compared with all the
        leads sales judged. Lift 2.00: those leads turned out good twice as often as the average; 1.00: the rule tells good from bad no
        better than chance; below 1: it points at the wrong people (a candidate for fewer or negative points). "Lift now" is the same rule
        under the current rules.
      </p>
      <${Lift} r=${r} />
    </div>
    <div class="card">
      <h2>Leads that change band</h2>
      <${Changes} r=${r} />
    </div>
  </div>`;
}

/** The page: the rules to try, a run button, and the comparison. */
export function BacktestPage() {
  const [text, setText] = useState<string | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const [loadError, setLoadError] = useState<Error | null>(null);
  const [run, setRun] = useState<{ running: boolean; error: string | null; report: BacktestReport | null }>({
    running: false,
    error: null,
    report: null,
  });

  const load = () => {
    setLoadError(null);
    api.rules().then((view) => setText(rulesText(view)), setLoadError);
  };
  useEffect(load, []);

  const start = async () => {
    let rules: unknown;
    try {
      // What is in the box now (state may lag a keystroke behind a click).
      rules = JSON.parse(area.current?.value ?? text ?? '{}');
    } catch (err) {
      setRun({ running: false, error: `The rules are not valid JSON: ${(err as Error).message}`, report: run.report });
      return;
    }
    setRun({ running: true, error: null, report: run.report });
    try {
      setRun({ running: false, error: null, report: await api.backtest(rules) });
    } catch (err) {
      setRun({ running: false, error: (err as Error).message, report: null });
    }
  };

  if (loadError)
    return html`<section class="page">
      <h1>Backtest</h1>
      <${ErrorBox} error=${loadError} retry=${load} />
    </section>`;
  if (text === null) return html`<${Loading} label="Loading the rules…" />`;
  return html`<section class="page backtest-page">
    <div class="page-head"><h1>Backtest</h1></div>
    <div class="card">
      <h2>Proposed rules</h2>
      <p class="muted small">
        Prefilled with the rules in force. Change points, caps or thresholds and run: the event log is replayed under these rules and the
        current ones, side by side. Nothing is changed; to adopt the rules, put them in the configuration file.
      </p>
      <${BacktestForm} text=${text} onText=${setText} />
      <details class="advanced">
        <summary>Advanced: every setting as JSON (the <code>scoring</code> section of the configuration)</summary>
        <textarea
          ref=${area}
          id="backtest-rules"
          aria-label="Proposed rules (JSON)"
          spellcheck="false"
          rows="18"
          value=${text}
          onInput=${(e: Event) => setText((e.target as HTMLTextAreaElement).value)}
          style="width:100%;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px"
        ></textarea>
      </details>
      <div class="inline-form">
        <button type="button" class="primary" disabled=${run.running} onClick=${start}>
          ${run.running ? 'Replaying…' : 'Run backtest'}
        </button>
        <button type="button" class="ghost" disabled=${run.running} onClick=${load}>Reset to the current rules</button>
      </div>
      ${run.error ? html`<p class="form-error" role="alert">${run.error}</p>` : null}
    </div>
    ${run.running && !run.report ? html`<${Loading} label="Replaying every lead under both rule sets…" />` : null}
    ${run.report ? html`<${Report} r=${run.report} />` : null}
  </section>`;
}
