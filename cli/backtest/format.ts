import type { BacktestReport, Band, RuleSetReport } from '../../collector/api/contract.js';
import { BANDS } from '../../collector/backtest/metrics.js';

/** Plain-text tables for the terminal: columns padded, numbers right-aligned. */
export function table(header: string[], rows: string[][], rightAligned: (col: number) => boolean = (c) => c > 0): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (rightAligned(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].map((l) => `  ${l}`).join('\n');
}

const n = (x: number) => x.toLocaleString('en-US');
const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
const signed = (x: number) => (x > 0 ? `+${n(x)}` : x < 0 ? `−${n(-x)}` : '0');
const BAND_LABEL: Record<Band, string> = { lead: 'lead', mql: 'MQL', near_sql: 'near-SQL', sql: 'SQL' };

function summary(r: BacktestReport): string {
  const rows: string[][] = BANDS.map((b) => [
    `${BAND_LABEL[b]} now`,
    n(r.current.counts[b]),
    n(r.proposed.counts[b]),
    signed(r.proposed.counts[b] - r.current.counts[b]),
  ]);
  rows.push(['alerts (into SQL)', n(r.current.alerts), n(r.proposed.alerts), signed(r.proposed.alerts - r.current.alerts)]);
  const rate = (label: string, get: (s: RuleSetReport) => number | null) => {
    const [c, p] = [get(r.current), get(r.proposed)];
    const diff = c === null || p === null ? null : Math.round((p - c) * 1000) / 10;
    rows.push([label, pct(c), pct(p), diff === null ? '' : `${diff > 0 ? '+' : diff < 0 ? '−' : ''}${Math.abs(diff).toFixed(1)} pt`]);
  };
  rate('SQL precision', (s) => s.precision);
  rate('SQL recall', (s) => s.recall);
  rate('MQL → SQL', (s) => s.mqlToSql);
  rate('SQL → won', (s) => s.sqlToWon);
  return table(['', 'current', 'proposed', 'change'], rows);
}

function weeks(r: BacktestReport): string {
  const all = [...new Set([...Object.keys(r.current.alertsPerWeek), ...Object.keys(r.proposed.alertsPerWeek)])].sort();
  if (!all.length) return '  (no alerts under either rule set)';
  return table(
    ['ISO week', 'current', 'proposed'],
    all.map((w) => [w, n(r.current.alertsPerWeek[w] ?? 0), n(r.proposed.alertsPerWeek[w] ?? 0)]),
  );
}

function lift(r: BacktestReport): string {
  const current = new Map(r.current.ruleLift.map((l) => [l.ruleId, l]));
  const rows = r.proposed.ruleLift.map((l) => [
    l.ruleId,
    n(l.leads),
    n(l.positive),
    n(l.negative),
    pct(l.positiveRate),
    l.lift === null ? '–' : l.lift.toFixed(2),
    current.has(l.ruleId) ? (current.get(l.ruleId)!.lift?.toFixed(2) ?? '–') : 'new',
  ]);
  for (const [id, l] of current)
    if (!r.proposed.ruleLift.some((p) => p.ruleId === id))
      rows.push([id, n(l.leads), n(l.positive), n(l.negative), pct(l.positiveRate), 'removed', l.lift?.toFixed(2) ?? '–']);
  return table(['rule', 'leads', 'accepted/won', 'rejected/lost', 'positive', 'lift', 'lift now'], rows);
}

function changes(r: BacktestReport, limit: number): string {
  if (!r.bandChangesTotal) return '  (no lead changes band)';
  const rows = r.bandChanges
    .slice(0, limit)
    .map((c) => [
      String(c.leadId),
      c.email,
      BAND_LABEL[c.from],
      BAND_LABEL[c.to],
      `${c.scoreFrom.toFixed(1)} → ${c.scoreTo.toFixed(1)}`,
      c.disposition ?? '',
    ]);
  return table(['lead', 'email', 'current', 'proposed', 'score', 'disposition'], rows, (c) => c === 0 || c === 4);
}

export function formatReport(r: BacktestReport, options: { rulesName: string; changes: number }): string {
  const judged = r.judged.positive + r.judged.negative;
  const shown = Math.min(options.changes, r.bandChanges.length);
  return [
    '',
    `Backtest of ${options.rulesName} against the current rules`,
    `  ${n(r.leads)} leads, ${n(r.events)} events, as of ${new Date(r.now).toISOString()} (${(r.ms / 1000).toFixed(1)} s)`,
    `  sales judged ${n(judged)} leads: ${n(r.judged.positive)} accepted or won, ${n(r.judged.negative)} rejected or lost`,
    '',
    summary(r),
    '',
    'Alerts per week (upward crossings into SQL)',
    weeks(r),
    '',
    'Rule lift (judged leads each rule scored; lift = their positive rate ÷ the positive rate of all judged leads)',
    lift(r),
    '',
    `Leads that change band (${n(r.bandChangesTotal)}${r.bandChangesTotal > shown ? `, first ${shown}` : ''})`,
    changes(r, options.changes),
    '',
  ].join('\n');
}
