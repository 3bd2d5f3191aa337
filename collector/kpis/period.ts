import type { KpiLeadRow } from '../store/port/kpis.js';

/** Half-open [from, to) in epoch ms. */
export interface Range {
  from: number;
  to: number;
}

/**
 * The two readings of a period. Activity: what happened in it (leads created, first MQLs, first
 * SQLs, dispositions set). Cohort: of the leads created in it, how far they got by now.
 */
export const MODES = ['activity', 'cohort'] as const;
export type Mode = (typeof MODES)[number];

export const inRange = (t: number | null, r: Range): t is number => t !== null && t >= r.from && t < r.to;

/** When the lead was marked won, else null. */
export const wonAt = (r: KpiLeadRow): number | null => (r.disposition === 'won' ? r.disposition_at : null);

/** The leads a cohort reading counts: those created in the range. */
export const cohortOf = (rows: readonly KpiLeadRow[], range: Range) => rows.filter((r) => inRange(r.created_at, range));

const DAY_MS = 86_400_000;

/** A day's start (UTC) from `YYYY-MM-DD`, or NaN. */
export function dayStart(day: string): number {
  const t = Date.parse(`${day}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().startsWith(day) ? t : NaN;
}

/** `from` and `to` are whole UTC days, both included. */
export const dayRange = (from: string, to: string): Range => ({ from: dayStart(from), to: dayStart(to) + DAY_MS });

export const INTERVALS = ['week', 'month'] as const;
export type Interval = (typeof INTERVALS)[number];

/** Consecutive buckets covering the range: ISO weeks (Monday, UTC) or calendar months (UTC), clipped to it. */
export function buckets(range: Range, interval: Interval): Range[] {
  const out: Range[] = [];
  let start = range.from;
  while (start < range.to) {
    const d = new Date(start);
    const next =
      interval === 'month'
        ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)
        : Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) + (7 - ((d.getUTCDay() + 6) % 7)) * DAY_MS;
    out.push({ from: start, to: Math.min(next, range.to) });
    start = next;
  }
  return out;
}
