import { z } from 'zod';
import { badRequest } from '../errors.js';
import { FUNNEL_REFERENCE } from '../api/funnel.js';
import type { KpiReads } from '../store/port/kpis.js';
import type { SpendReads } from '../store/port/spend.js';
import { cacTables, monthOf } from '../spend/cac.js';
import { channelTable } from './attribution.js';
import { stageCounts, stepTimes } from './funnel-period.js';
import { dayRange, INTERVALS, MODES, type Interval, type Mode, type Range } from './period.js';
import { overdue, slaByOwner, slaFigures, ownerOfRow, type OwnerOf } from './sla.js';
import { trends } from './trends.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD');
/** A period: whole UTC days, `to` included; at most this long (a trend over three years still fits a page). */
export const MAX_PERIOD_DAYS = 1100;

export const periodQuery = z.strictObject({
  from: day,
  to: day,
  mode: z.enum(MODES).default('activity'),
  interval: z.enum(INTERVALS).default('month'),
});
export type PeriodQuery = z.output<typeof periodQuery>;

/** The range of a validated query; a 400 for impossible days or a reversed or too long period. */
export function periodRange(q: Pick<PeriodQuery, 'from' | 'to'>): Range {
  const range = dayRange(q.from, q.to);
  if (Number.isNaN(range.from) || Number.isNaN(range.to))
    throw badRequest('invalid query', [{ path: 'from', message: 'not a calendar day' }]);
  if (range.to <= range.from) throw badRequest('invalid query', [{ path: 'to', message: 'must not be before from' }]);
  if (range.to - range.from > MAX_PERIOD_DAYS * 86_400_000)
    throw badRequest('invalid query', [{ path: 'to', message: `a period is at most ${MAX_PERIOD_DAYS} days` }]);
  return range;
}

export interface PeriodOptions {
  now: number;
  slaHours: number;
  ownerOf?: OwnerOf;
}

/** GET /api/funnel?from&to&mode&interval: the period's funnel, times, channels, SLA and trends. */
export async function periodFunnel(reads: KpiReads & SpendReads, q: PeriodQuery, options: PeriodOptions) {
  const range = periodRange(q);
  const mode: Mode = q.mode;
  const interval: Interval = q.interval;
  const { now, slaHours, ownerOf = ownerOfRow } = options;
  const rows = await reads.kpiLeads(range.from, range.to);
  const spend = await reads.spend(monthOf(range.from), monthOf(range.to - 1));
  return {
    period: { from: q.from, to: q.to, fromMs: range.from, toMs: range.to, mode },
    ...stageCounts(rows, mode, range),
    times: stepTimes(rows, mode, range),
    channels: { firstTouch: channelTable(rows, mode, range, 'firstTouch'), lastTouch: channelTable(rows, mode, range, 'lastTouch') },
    sla: {
      ...slaFigures(rows, mode, range, slaHours, now),
      byOwner: slaByOwner(rows, mode, range, slaHours, now, ownerOf),
      overdue: overdue(rows, slaHours, now, ownerOf),
    },
    trends: trends(rows, range, interval),
    cac: cacTables(spend, rows, mode, range),
    reference: FUNNEL_REFERENCE,
  };
}
