import type { KpiLeadRow } from '../store/port/kpis.js';
import { FUNNEL_REFERENCE } from '../api/funnel.js';
import { stageCounts } from './funnel-period.js';
import { buckets, type Interval, type Range } from './period.js';

/** New MQLs and SQLs, MQL→SQL and SQL→won per week or month (activity reading), with the reference lines. */
export function trends(rows: readonly KpiLeadRow[], range: Range, interval: Interval) {
  return {
    interval,
    reference: FUNNEL_REFERENCE,
    points: buckets(range, interval).map((bucket) => {
      const { counts, rates, revenue } = stageCounts(rows, 'activity', bucket);
      return { from: bucket.from, to: bucket.to, mql: counts.mql, sql: counts.sql, won: counts.won, ...rates, revenue };
    }),
  };
}
