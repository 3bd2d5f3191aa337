import { FLUSH_AT, FLUSH_DELAY_MS, RETRY, RETRY_KEY } from '../constants.js';
import { ls } from '../storage.js';
import { guard, nav, now } from '../util.js';
import type { WireEvent } from '../wire.js';
import { actionFor, backoffMs } from './policy.js';
import { loadEntries, putEntry, type Entry } from './retry-store.js';

let endpoint = '';
let wrap: (events: WireEvent[]) => string;
let queue: WireEvent[] = [];
let flushTimer: ReturnType<typeof setTimeout> | 0 = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
/** Bodies this page has sent and not yet heard back about. */
const inflight = new Set<string>();

/**
 * Delivery to `url` (the collector's POST /e); `batch` turns events into the request body (site,
 * visitor and session around them). Bodies go as `text/plain`: no CORS preflight.
 */
export const setupDelivery = (url: string, batch: (events: WireEvent[]) => string): void => {
  endpoint = url;
  wrap = batch;
};

/** The answer to a try of entry e: done or dropped (removed), or kept for a later try with backoff. */
const settle = guard((e: Entry, status: number, retryAfterMs?: number) => {
  inflight.delete(e.b);
  const t = now();
  const n = e.n + 1;
  putEntry(t, e.b, actionFor(status) == RETRY ? { ...e, n, a: t + backoffMs(n, Math.random(), retryAfterMs) } : undefined);
  drain();
});

/**
 * Every batch is written to the retry store before it is sent and removed once the collector has
 * answered, so a batch whose answer never came (page closed, collector down) is sent again later,
 * on this page or the next; the collector ignores event ids it already has. Due batches go by
 * fetch with keepalive, or by sendBeacon when the page is going away (`leaving`; a beacon the
 * browser takes is as good as sent).
 */
export const drain = guard((leaving?: boolean) => {
  clearTimeout(retryTimer);
  const t = now();
  let next = 0;
  for (const e of loadEntries(t)) {
    if (inflight.has(e.b)) continue;
    if (e.a > t) next = Math.min(next || e.a, e.a);
    else if (leaving) nav.sendBeacon(endpoint, e.b) && putEntry(t, e.b);
    else {
      inflight.add(e.b);
      fetch(endpoint, { method: 'POST', body: e.b, keepalive: true }).then(
        (res) => settle(e, res.status, +res.headers.get('retry-after')! * 1000 || 0),
        () => settle(e, 0),
      );
    }
  }
  if (next) retryTimer = setTimeout(drain, next - t);
});

/** Moves the queued events into the store as one batch, and drains it. */
export const flush = guard((leaving?: boolean) => {
  clearTimeout(flushTimer as ReturnType<typeof setTimeout>);
  flushTimer = 0;
  const t = now();
  const events = queue;
  // Emptied first: should wrapping ever throw, only this batch is lost, not every later one.
  queue = [];
  const b = events[0] && wrap(events);
  if (b) putEntry(t, b, { b, n: 0, c: t, a: t });
  drain(leaving);
});

/** Queues an event; FLUSH_AT (under the collector's 50 per request) sends at once. */
export const push = (event: WireEvent): void => {
  if (queue.push(event) < FLUSH_AT) flushTimer ||= setTimeout(flush, FLUSH_DELAY_MS);
  else flush();
};

/** Consent withdrawn: forget everything queued and stored. */
export const clearDelivery = (): void => {
  queue = [];
  ls(RETRY_KEY, null);
};
