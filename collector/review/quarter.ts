import type { Range } from '../kpis/period.js';

/** `2026Q3` → [1 July 2026, 1 October 2026) UTC, or null when it is not a quarter. */
export function quarterRange(quarter: string): Range | null {
  const m = /^(\d{4})Q([1-4])$/.exec(quarter);
  if (!m) return null;
  const year = Number(m[1]);
  const q = Number(m[2]);
  return { from: Date.UTC(year, (q - 1) * 3, 1), to: Date.UTC(year, q * 3, 1) };
}

/** The quarter a time falls in, as `2026Q3`. */
export function quarterOf(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}
