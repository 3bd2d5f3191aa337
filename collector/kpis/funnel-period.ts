import { DISPOSITIONS, type Disposition } from '../events/domain.js';
import type { KpiLeadRow } from '../store/port/kpis.js';
import { cohortOf, inRange, wonAt, type Mode, type Range } from './period.js';
import { durationStats, ratio, type DurationStats } from './stats.js';

export interface StageCounts {
  counts: { lead: number; mql: number; sql: number } & Record<Disposition, number>;
  rates: { mqlToSql: number | null; sqlToWon: number | null };
  /** The won leads counted above, per deal currency (null: none given), with the sum of their amounts. */
  revenue: WonRevenue[];
}

export interface WonRevenue {
  currency: string | null;
  won: number;
  amount: number;
}

/**
 * Won revenue per currency, never converted (Kindling has no exchange rates): a CRM import brings
 * each won deal's amount and currency; a win without either counts under `null` with no amount.
 */
export function wonRevenue(won: readonly KpiLeadRow[]): WonRevenue[] {
  const byCurrency = new Map<string | null, WonRevenue>();
  for (const r of won) {
    const currency = r.won_currency;
    const entry = byCurrency.get(currency) ?? { currency, won: 0, amount: 0 };
    entry.won++;
    entry.amount += r.won_amount ?? 0;
    byCurrency.set(currency, entry);
  }
  return [...byCurrency.values()].sort((a, b) => b.amount - a.amount || String(a.currency).localeCompare(String(b.currency)));
}

const noDispositions = () => Object.fromEntries(DISPOSITIONS.map((d) => [d, 0])) as Record<Disposition, number>;

/**
 * Cohort: of the leads created in the range, how many ever reached MQL, SQL, and each disposition
 * they hold now; MQL→SQL is the share of those MQLs that reached SQL, SQL→won of those SQLs won.
 * Activity: how many leads were created, first reached MQL, first reached SQL, and got their
 * disposition in the range; its rates are flow ratios (SQLs of the period / MQLs of the period),
 * the way a monthly report reads them, so they can exceed 1 when an earlier backlog converts.
 */
export function stageCounts(rows: readonly KpiLeadRow[], mode: Mode, range: Range): StageCounts {
  const byDisposition = noDispositions();
  if (mode === 'cohort') {
    const cohort = cohortOf(rows, range);
    let mql = 0, sql = 0, mqlSql = 0, sqlWon = 0; // prettier-ignore
    for (const r of cohort) {
      if (r.first_mql_at !== null) mql++;
      if (r.first_sql_at !== null) sql++;
      if (r.first_mql_at !== null && r.first_sql_at !== null) mqlSql++;
      if (r.first_sql_at !== null && r.disposition === 'won') sqlWon++;
      if (r.disposition) byDisposition[r.disposition as Disposition]++;
    }
    return {
      counts: { lead: cohort.length, mql, sql, ...byDisposition },
      rates: { mqlToSql: ratio(mqlSql, mql), sqlToWon: ratio(sqlWon, sql) },
      revenue: wonRevenue(cohort.filter((r) => r.disposition === 'won')),
    };
  }
  let lead = 0, mql = 0, sql = 0; // prettier-ignore
  for (const r of rows) {
    if (inRange(r.created_at, range)) lead++;
    if (inRange(r.first_mql_at, range)) mql++;
    if (inRange(r.first_sql_at, range)) sql++;
    if (r.disposition && inRange(r.disposition_at, range)) byDisposition[r.disposition as Disposition]++;
  }
  return {
    counts: { lead, mql, sql, ...byDisposition },
    rates: { mqlToSql: ratio(sql, mql), sqlToWon: ratio(byDisposition.won, sql) },
    revenue: wonRevenue(rows.filter((r) => r.disposition === 'won' && inRange(r.disposition_at, range))),
  };
}

/** The measured steps: from which milestone to which. */
export const STEPS = [
  { step: 'leadToMql', from: (r: KpiLeadRow) => r.created_at, to: (r: KpiLeadRow) => r.first_mql_at },
  { step: 'mqlToSql', from: (r: KpiLeadRow) => r.first_mql_at, to: (r: KpiLeadRow) => r.first_sql_at },
  { step: 'sqlToFirstAction', from: (r: KpiLeadRow) => r.first_sql_at, to: (r: KpiLeadRow) => r.first_action_at },
  { step: 'sqlToWon', from: (r: KpiLeadRow) => r.first_sql_at, to: wonAt },
] as const;
export type Step = (typeof STEPS)[number]['step'];

export interface StepTimes extends DurationStats {
  /** Leads that reached both stages at once (e.g. already MQL when first identified): not measured as 0 s. */
  alreadyPast: number;
}

/**
 * Median and p75 of each step over the leads that reached both of its stages: in the activity
 * reading both inside the range, in the cohort reading any time (of the leads created in it).
 */
export function stepTimes(rows: readonly KpiLeadRow[], mode: Mode, range: Range): Record<Step, StepTimes> {
  const base = mode === 'cohort' ? cohortOf(rows, range) : rows;
  const within = (t: number | null): t is number => (mode === 'cohort' ? t !== null : inRange(t, range));
  const out = {} as Record<Step, StepTimes>;
  for (const { step, from, to } of STEPS) {
    const durations: number[] = [];
    let alreadyPast = 0;
    for (const r of base) {
      const a = from(r);
      const b = to(r);
      if (!within(a) || !within(b)) continue;
      if (b <= a) alreadyPast++;
      else durations.push(b - a);
    }
    out[step] = { ...durationStats(durations), alreadyPast };
  }
  return out;
}
