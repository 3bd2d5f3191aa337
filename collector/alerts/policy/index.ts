/**
 * Delivery policy as data: when to retry, what each answer means, when to give up on an
 * endpoint. Pure functions over these tables; the sender only applies them.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Delay before each attempt, counted from the previous one: the first goes out at once, then
 * 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h — eight attempts over about 28 hours.
 */
export const RETRY_SCHEDULE_MS: readonly number[] = [0, 5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR];
/** ±20%: spreads retries of many messages to one endpoint that failed together. */
export const JITTER_RATIO = 0.2;
/** An endpoint that fails without a single success for this long is disabled. */
export const DISABLE_AFTER_FAILING_MS = 5 * DAY;
/** Retry-After is honoured up to this; a receiver cannot park a message for a week. */
export const MAX_RETRY_AFTER_MS = 12 * HOUR;

/** What an attempt's result means for its message (and endpoint). */
export type Outcome = 'delivered' | 'retry' | 'fail' | 'disable';

/** Status codes, first matching row wins. Redirects are not followed, but a fixed URL may heal them. */
export const STATUS_OUTCOMES: readonly { from: number; to: number; outcome: Outcome; meaning: string }[] = [
  { from: 200, to: 299, outcome: 'delivered', meaning: 'accepted' },
  { from: 410, to: 410, outcome: 'disable', meaning: 'the receiver is gone for good: disable the endpoint' },
  { from: 408, to: 408, outcome: 'retry', meaning: 'request timeout' },
  { from: 429, to: 429, outcome: 'retry', meaning: 'rate limited (Retry-After honoured)' },
  { from: 400, to: 499, outcome: 'fail', meaning: 'the receiver refuses this message: retrying cannot help' },
  { from: 500, to: 599, outcome: 'retry', meaning: 'receiver error (Retry-After honoured)' },
  { from: 300, to: 399, outcome: 'retry', meaning: 'redirect, not followed' },
];
const FALLBACK_STATUS_OUTCOME: Outcome = 'retry';

/** Failures without a status code. */
export type TransportFailure = 'timeout' | 'network' | 'refused';
export const FAILURE_OUTCOMES: Readonly<Record<TransportFailure, Outcome>> = {
  timeout: 'retry', // no answer within the request timeout
  network: 'retry', // DNS, connection refused or reset, TLS
  refused: 'fail', // the target resolves to an address we do not send to (SSRF guard)
};

export function outcomeForStatus(status: number): Outcome {
  return STATUS_OUTCOMES.find((row) => status >= row.from && status <= row.to)?.outcome ?? FALLBACK_STATUS_OUTCOME;
}

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * SECOND;
  // HTTP-date ("Sun, 06 Nov 1994 08:49:37 GMT") always names a month; Date.parse alone reads "-5" as a year.
  const date = /GMT$/i.test(trimmed) ? Date.parse(trimmed) : NaN;
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

export interface BackoffOptions {
  /** Uniform [0, 1); inject for determinism. */
  random?: () => number;
  /** The receiver's Retry-After, ms. */
  retryAfterMs?: number | null;
  schedule?: readonly number[];
  jitterRatio?: number;
  maxRetryAfterMs?: number;
}

/**
 * How long to wait before the next attempt after `attemptsMade` attempts failed, or null when
 * the schedule is used up. A Retry-After longer than the scheduled delay wins, up to the bound;
 * a shorter one never makes us retry sooner than the schedule.
 */
export function nextRetryDelayMs(attemptsMade: number, options: BackoffOptions = {}): number | null {
  const schedule = options.schedule ?? RETRY_SCHEDULE_MS;
  const base = schedule[attemptsMade];
  if (base === undefined || attemptsMade < 1) return null;
  const ratio = options.jitterRatio ?? JITTER_RATIO;
  const random = options.random ?? Math.random;
  const jittered = Math.round(base * (1 + ratio * (2 * random() - 1)));
  const retryAfter = Math.min(options.retryAfterMs ?? 0, options.maxRetryAfterMs ?? MAX_RETRY_AFTER_MS);
  return Math.max(jittered, retryAfter);
}

/** True when an endpoint failing since `failingSinceMs` (no success in between) should be disabled. */
export function shouldDisableEndpoint(failingSinceMs: number | null, nowMs: number, disableAfterMs = DISABLE_AFTER_FAILING_MS): boolean {
  return failingSinceMs !== null && nowMs - failingSinceMs >= disableAfterMs;
}
