/**
 * Percentiles by linear interpolation between closest ranks (R-7: numpy's default, Excel's
 * PERCENTILE.INC), so a median of an even count is the mean of the middle two. Rounded to whole ms.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null;
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return Math.round(sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo));
}

export interface DurationStats {
  /** Leads measured (both stages reached, the later one strictly after the earlier). */
  n: number;
  medianMs: number | null;
  p75Ms: number | null;
}

export function durationStats(durations: readonly number[]): DurationStats {
  const sorted = [...durations].sort((a, b) => a - b);
  return { n: sorted.length, medianMs: percentile(sorted, 0.5), p75Ms: percentile(sorted, 0.75) };
}

/** part / whole to three decimals, null when nothing to divide by. */
export const ratio = (part: number, whole: number): number | null => (whole ? Math.round((part / whole) * 1000) / 1000 : null);
