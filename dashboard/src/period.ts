import type { PeriodInterval, PeriodMode } from './types.js';

/** The query of a period funnel: whole UTC days, `to` included. */
export interface PeriodParams {
  from: string;
  to: string;
  mode: PeriodMode;
  interval: PeriodInterval;
}

export const PRESETS = ['this-month', 'last-month', 'this-quarter', 'last-quarter', 'this-year', 'last-year'] as const;
export type Preset = (typeof PRESETS)[number];
export const PRESET_LABELS: Record<Preset, string> = {
  'this-month': 'This month',
  'last-month': 'Last month',
  'this-quarter': 'This quarter',
  'last-quarter': 'Last quarter',
  'this-year': 'This year',
  'last-year': 'Last year',
};

/** The two readings, named as the page shows them. */
export const MODE_LABELS: Record<PeriodMode, string> = {
  activity: 'Activity: what happened in the period',
  cohort: 'Cohort: how far the leads created in the period got',
};

const day = (t: number) => new Date(t).toISOString().slice(0, 10);
/** First and last day (UTC) of the span of `months` months starting at (year, month0). */
const span = (year: number, month0: number, months: number) => ({
  from: day(Date.UTC(year, month0, 1)),
  to: day(Date.UTC(year, month0 + months, 1) - 86_400_000),
});

/** A preset's days (UTC) as of `now`. */
export function presetRange(preset: Preset, now: number): { from: string; to: string } {
  const d = new Date(now);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const q = m - (m % 3);
  switch (preset) {
    case 'this-month':
      return span(y, m, 1);
    case 'last-month':
      return span(y, m - 1, 1);
    case 'this-quarter':
      return span(y, q, 3);
    case 'last-quarter':
      return span(y, q - 3, 3);
    case 'this-year':
      return span(y, 0, 12);
    case 'last-year':
      return span(y - 1, 0, 12);
  }
}

/** The download link of one of the period funnel's tables. */
export const funnelCsvHref = (p: PeriodParams, table: string) =>
  `/api/funnel.csv?${new URLSearchParams({ from: p.from, to: p.to, mode: p.mode, interval: p.interval, table })}`;
