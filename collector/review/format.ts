import type { Distribution } from './compute.js';
import type { Review } from './compute.js';

/** Plain text that is also Markdown: headings, pipe tables. What `npm run review` prints. */
const pct = (n: number | null) => (n === null ? '—' : `${(n * 100).toFixed(1)}%`);
const num = (n: number | null) => (n === null ? '—' : String(n));
const hours = (ms: number | null) => (ms === null ? '—' : `${(ms / 3_600_000).toFixed(1)} h`);

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

const dist = (name: string, d: Distribution) => [name, String(d.n), num(d.min), num(d.p25), num(d.median), num(d.p75), num(d.max)];

export function proposalText(p: Review['proposal']): string {
  if (p.kind === 'drop-rule') return `Drop the rule "${p.ruleId}": ${p.why}.`;
  if (p.kind === 'mql-threshold') return `Move the MQL score threshold from ${p.from} to ${p.to}: ${p.why}.`;
  return `No change proposed: ${p.why}.`;
}

export function formatReview(r: Review): string {
  const { thresholds: t } = r;
  const out = [
    `# Quarterly review ${r.quarter}`,
    '',
    `Outcomes in the quarter: ${r.outcomes.won} won, ${r.outcomes.lostRejected} lost or rejected (a lift needs ${r.outcomes.minimum} of each).`,
    '',
    '## Rule lift (won vs lost/rejected)',
    '',
    table(
      ['rule', 'won matched', 'lost/rejected matched', 'lift', ''],
      r.lifts.map((l) => [
        l.ruleId,
        `${l.won}/${l.wonTotal}`,
        `${l.lostRejected}/${l.lostRejectedTotal}`,
        l.lift === null ? '—' : l.lift.toFixed(2),
        l.tooFew ? 'too few' : '',
      ]),
    ),
    '',
    '## Stage thresholds against won leads',
    '',
    `MQL: score ≥ ${t.thresholds.mqlScore} · SQL: engagement ≥ ${t.thresholds.sqlEngagement} or high intent · near-SQL: at most ${t.thresholds.nearSqlMaxMissingBant} BANT missing`,
    '',
    table(
      ['won leads’ score', 'n', 'min', 'p25', 'median', 'p75', 'max'],
      [dist('at SQL entry', t.wonAtSqlEntry), dist('at first sales action', t.wonAtFirstAction)],
    ),
    '',
    `Won leads below the MQL threshold when sales took them: ${t.wonBelowMql}.`,
    '',
    '## Follow-up SLA',
    '',
    `${pct(r.sla.share)} of SQLs acted on within ${r.sla.slaHours} h (${r.sla.withinSla} within, ${r.sla.late} late, ${r.sla.pending} pending); median time to first action ${hours(r.sla.medianToFirstActionMs)}.`,
    '',
    '## Proposed change',
    '',
    proposalText(r.proposal),
    '',
  ];
  if (r.backtest)
    out.push(
      table(
        ['backtest', 'current rules', 'proposed'],
        [
          ['SQL precision', pct(r.backtest.current.precision), pct(r.backtest.proposed.precision)],
          ['SQL recall', pct(r.backtest.current.recall), pct(r.backtest.proposed.recall)],
          ['SQL now', String(r.backtest.current.sqlNow), String(r.backtest.proposed.sqlNow)],
        ],
      ),
      '',
      r.backtest.current.tooFew ? `Precision and recall rest on too few outcomes (${r.backtest.current.judged} judged leads).\n` : '',
    );
  return out.join('\n');
}
