/** Display formats. Pure functions of their inputs (and `now`), so they are easy to test. */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "5 min ago", "3 h ago", "2 d ago", then the date. */
export function relativeTime(ts: number | null | undefined, now: number): string {
  if (ts === null || ts === undefined) return 'never';
  const ago = now - ts;
  if (ago < MINUTE) return 'just now';
  if (ago < HOUR) return `${Math.floor(ago / MINUTE)} min ago`;
  if (ago < DAY) return `${Math.floor(ago / HOUR)} h ago`;
  if (ago < 30 * DAY) return `${Math.floor(ago / DAY)} d ago`;
  return shortDate(ts);
}

/** 45 s · 1 min 30 s · 25 min · 2 h 5 min · 3.5 d */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < MINUTE) return `${Math.round(ms / 1000)} s`;
  if (ms < 10 * MINUTE) {
    // Time on a page: seconds still matter under ten minutes.
    const m = Math.floor(ms / MINUTE);
    const sec = Math.round((ms - m * MINUTE) / 1000);
    return sec ? `${m} min ${sec} s` : `${m} min`;
  }
  if (ms < HOUR) return `${Math.round(ms / MINUTE)} min`;
  if (ms < DAY) {
    const h = Math.floor(ms / HOUR);
    const m = Math.round((ms - h * HOUR) / MINUTE);
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  return `${trimZero((ms / DAY).toFixed(1))} d`;
}

/** 0.134 → "13.4%"; null → "—". */
export function percent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  return `${trimZero((rate * 100).toFixed(1))}%`;
}

/** Scores and points always with one decimal, so a column of them lines up: 42.0 · 42.5 · −3.0. */
export function points(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const fixed = n.toFixed(1);
  return fixed === '-0.0' ? '0.0' : fixed.replace('-', '−');
}

/** Signed points for breakdowns: +12.0 · −5.0 · 0.0. */
export function signedPoints(n: number): string {
  const p = points(n);
  return p !== '0.0' && n > 0 ? `+${p}` : p;
}

export function count(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : n.toLocaleString('en-US');
}

/**
 * The one date format of the dashboard (en-GB order, month as a word, 24-hour clock), whatever the
 * browser's locale: "20 May 2025", "20 May 2025, 14:05", "20 May" on chart axes.
 */
export function dayMonth(ts: number): string {
  return new Date(ts).toLocaleDateString('en-GB', { day: 'numeric', month: 'short' });
}

export function shortDate(ts: number): string {
  return new Date(ts).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
}

export function dateTime(ts: number | null | undefined): string {
  if (ts === null || ts === undefined) return '—';
  return new Date(ts).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function clockTime(ts: number): string {
  return new Date(ts).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

function trimZero(s: string): string {
  return s.replace(/\.0$/, '');
}

/** Stage and disposition names as people say them. */
export const STAGE_LABELS: Readonly<Record<string, string>> = {
  visitor: 'Visitor',
  lead: 'Lead',
  mql: 'MQL',
  near_sql: 'Near-SQL',
  sql: 'SQL',
  accepted: 'Accepted',
  rejected: 'Rejected',
  won: 'Won',
  lost: 'Lost',
  /** a reopened lead: no sales decision any more */
  open: 'Reopened',
};

export function stageLabel(stage: string | null | undefined): string {
  if (!stage) return '—';
  return STAGE_LABELS[stage] ?? stage;
}
