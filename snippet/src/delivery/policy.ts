import { BACKOFF_BASE_MS, BACKOFF_MAX_MS, DONE, DROP, RETRY } from '../constants.js';

/** What to do with a batch once the collector has answered (or not). */
export type Action = typeof DONE | typeof RETRY | typeof DROP;

/**
 * The retry policy: by exact HTTP status, else by status class (2 for 2xx, 5 for 5xx); 0 stands
 * for "no answer" (network error, collector down, connection reset). Anything not listed (400
 * invalid, 403 origin, 404 site, 413 too large, other 4xx) is dropped: sending the same bytes
 * again cannot succeed.
 */
export const RETRY_POLICY: Readonly<Record<number, Action>> = { 0: RETRY, 2: DONE, 408: RETRY, 429: RETRY, 5: RETRY };

export const actionFor = (status: number): Action => RETRY_POLICY[status] ?? RETRY_POLICY[(status / 100) | 0] ?? DROP;

/**
 * Delay before retry number `attempt` (1, 2, ...): exponential from BACKOFF_BASE_MS, capped at
 * BACKOFF_MAX_MS, spread by a jitter factor 0.5-1.5 from `random` (in [0, 1)) so that many browsers
 * do not come back at the same instant. Pure: the caller passes the randomness. (A 429's
 * Retry-After is not read: cross-origin it is hidden unless exposed, and a few doublings pass it.)
 */
export const backoffMs = (attempt: number, random: number): number =>
  Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1)) * (0.5 + random);
