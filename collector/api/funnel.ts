import { DISPOSITIONS, type Disposition } from '../events/domain.js';
import { LEAD_STAGES, type LeadStage } from '../engine/stages/criteria.js';
import type { CountRow, DurationRow, FunnelRows } from '../store/port/reads.js';

/** Reference conversion figures (see DESIGN.md), shown beside the measured ones. */
export const FUNNEL_REFERENCE = { mqlToSqlAverage: 0.13, mqlToSqlBest: 0.4, sqlToWon: 0.59 } as const;

export interface FunnelStats {
  counts: Record<LeadStage | Disposition, number>;
  rates: { mqlToSql: number | null; sqlToWon: number | null };
  medians: { leadToMqlMs: number | null; mqlToSqlMs: number | null };
}

function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = values.sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

const ratio = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 1000 : null);

/**
 * Conversion over the leads' milestones (first time at MQL or above, first time SQL), which
 * the stage machine records: MQL→SQL is the share of leads that ever reached MQL that went on
 * to SQL; SQL→won the share of leads that reached SQL that sales marked won.
 */
export function funnelStats(counts: readonly CountRow[], durations: readonly DurationRow[]): FunnelStats {
  const byStage = Object.fromEntries([...LEAD_STAGES, ...DISPOSITIONS].map((k) => [k, 0])) as FunnelStats['counts'];
  const sum = { mql: 0, mqlSql: 0, sql: 0, won: 0 };
  for (const r of counts) {
    const stage = r.stage as LeadStage;
    byStage[stage] = (byStage[stage] ?? 0) + r.n;
    const disposition = r.disposition as Disposition | null;
    if (disposition) byStage[disposition] = (byStage[disposition] ?? 0) + r.n;
    sum.mql += r.mql;
    sum.mqlSql += r.mql_sql;
    sum.sql += r.sql;
    sum.won += r.won;
  }
  return {
    counts: byStage,
    rates: { mqlToSql: ratio(sum.mqlSql, sum.mql), sqlToWon: ratio(sum.won, sum.sql) },
    medians: {
      leadToMqlMs: median(durations.map((d) => d[2])),
      mqlToSqlMs: median(durations.flatMap((d) => (d[3] === null ? [] : [d[3]]))),
    },
  };
}

function grouped<K extends string>(
  counts: readonly CountRow[],
  durations: readonly DurationRow[],
  key: (source: string, campaign: string | null) => string,
  name: K,
) {
  const groups = new Map<string, { counts: CountRow[]; durations: DurationRow[] }>();
  const group = (k: string) => groups.get(k) ?? groups.set(k, { counts: [], durations: [] }).get(k)!;
  for (const c of counts) group(key(c.source, c.campaign)).counts.push(c);
  for (const d of durations) group(key(d[0], d[1])).durations.push(d);
  return [...groups]
    .map(([k, g]) => ({ [name]: k, ...funnelStats(g.counts, g.durations) }) as { [P in K]: string } & FunnelStats)
    .sort((a, b) => total(b.counts) - total(a.counts));
}

/** GET /api/funnel, from the counts the store aggregates and the durations of leads that reached MQL. */
export function funnel({ counts, durations, visitors, linked }: FunnelRows) {
  const all = funnelStats(counts, durations);
  return {
    counts: { visitor: Math.max(0, visitors - linked), ...all.counts },
    rates: all.rates,
    medians: all.medians,
    bySource: grouped(counts, durations, (source) => source, 'source'),
    byCampaign: grouped(counts, durations, (_s, campaign) => campaign ?? '(none)', 'campaign'),
    reference: FUNNEL_REFERENCE,
  };
}

function total(counts: FunnelStats['counts']): number {
  return LEAD_STAGES.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
}
