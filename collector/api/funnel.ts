import type { DB } from '../db/index.js';
import { DISPOSITIONS } from '../events/domain.js';
import { LEAD_STAGES } from '../engine/stages/criteria.js';

/** Reference conversion figures (see DESIGN.md), shown beside the measured ones. */
export const FUNNEL_REFERENCE = { mqlToSqlAverage: 0.13, mqlToSqlBest: 0.4, sqlToWon: 0.59 } as const;

interface FunnelRow {
  source: string;
  campaign: string | null;
  stage: string;
  disposition: string | null;
  created_at: number;
  first_mql_at: number | null;
  first_sql_at: number | null;
}

export interface FunnelStats {
  counts: Record<string, number>;
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
export function funnelStats(rows: readonly FunnelRow[]): FunnelStats {
  const counts: Record<string, number> = Object.fromEntries([...LEAD_STAGES, ...DISPOSITIONS].map((k) => [k, 0]));
  let mql = 0;
  let mqlThenSql = 0;
  let sql = 0;
  let won = 0;
  const leadToMql: number[] = [];
  const mqlToSql: number[] = [];
  for (const r of rows) {
    counts[r.stage] = (counts[r.stage] ?? 0) + 1;
    if (r.disposition) counts[r.disposition] = (counts[r.disposition] ?? 0) + 1;
    if (r.first_mql_at !== null) {
      mql++;
      leadToMql.push(r.first_mql_at - r.created_at);
      if (r.first_sql_at !== null) {
        mqlThenSql++;
        mqlToSql.push(r.first_sql_at - r.first_mql_at);
      }
    }
    if (r.first_sql_at !== null) {
      sql++;
      if (r.disposition === 'won') won++;
    }
  }
  return { counts, rates: { mqlToSql: ratio(mqlThenSql, mql), sqlToWon: ratio(won, sql) }, medians: { leadToMqlMs: median(leadToMql), mqlToSqlMs: median(mqlToSql) } };
}

function groupBy(rows: readonly FunnelRow[], key: (r: FunnelRow) => string): Map<string, FunnelRow[]> {
  const groups = new Map<string, FunnelRow[]>();
  for (const r of rows) {
    const k = key(r);
    const list = groups.get(k);
    if (list) list.push(r);
    else groups.set(k, [r]);
  }
  return groups;
}

/** GET /api/funnel: one pass over the leads' funnel columns (a covering index). */
export function funnel(db: DB) {
  const rows = db.prepare<[], FunnelRow>('SELECT source, campaign, stage, disposition, created_at, first_mql_at, first_sql_at FROM leads').all();
  const all = funnelStats(rows);
  const visitors = (db.prepare('SELECT COUNT(*) AS n FROM visitors').get() as { n: number }).n;
  const linked = (db.prepare('SELECT COUNT(*) AS n FROM visitor_leads').get() as { n: number }).n;
  const bySize = <T extends { counts: Record<string, number> }>(a: T, b: T) => total(b.counts) - total(a.counts);
  return {
    counts: { visitor: Math.max(0, visitors - linked), ...all.counts },
    rates: all.rates,
    medians: all.medians,
    bySource: [...groupBy(rows, (r) => r.source)].map(([source, list]) => ({ source, ...funnelStats(list) })).sort(bySize),
    byCampaign: [...groupBy(rows, (r) => r.campaign ?? '(none)')].map(([campaign, list]) => ({ campaign, ...funnelStats(list) })).sort(bySize),
    reference: FUNNEL_REFERENCE,
  };
}

function total(counts: Record<string, number>): number {
  return LEAD_STAGES.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
}
