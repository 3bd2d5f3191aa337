import { FLUSH_AT, RETRY } from '../constants.js';
import { identity } from '../ids.js';
import { guard, nav, now } from '../util.js';
import type { WireEvent } from '../wire.js';
import { actionFor, backoffMs } from './policy.js';
import { loadEntries, putEntry, type Entry } from './retry-store.js';

let endpoint: string | URL;
let site: string | null;
let queue: WireEvent[] = [];
/** Bodies this page has sent and not yet heard back about (a plain object: fewer bytes than a Set). */
const inflight: Record<string, 1> = {};

/**
 * Delivery to `url` (the collector's POST /e) for the site key `siteKey`. Bodies go as
 * `text/plain`: no CORS preflight.
 */
export const setupDelivery = (url: string | URL, siteKey: string | null): void => {
  endpoint = url;
  site = siteKey;
};

/**
 * The request body around events `e`: site, visitor and session (the identity touched now). `r` is
 * a parameter rather than a const: 4 bytes gzip less.
 */
const wrap = (e: WireEvent[], r = identity()): string => JSON.stringify({ s: site, v: r.v, ss: r.i, l: r.l, e });

/** The answer to a try of entry e: done or dropped (removed), or kept for a later try with backoff. */
const settle = guard((e: Entry, status: number) => {
  delete inflight[e.b];
  const t = now();
  const n = e.n + 1;
  putEntry(t, e.b, actionFor(status) == RETRY && { ...e, n, a: t + backoffMs(n, Math.random()) });
});

/**
 * Sends: the queued events become one batch, written to the retry store before it is sent and
 * removed once the collector has answered, so a batch whose answer never came (page closed,
 * collector down) is sent again later, on this page or the next; the collector ignores event ids
 * it already has. Every due batch goes by fetch with keepalive, or by sendBeacon when the page is
 * going away (`leaving`; a beacon the browser takes is as good as sent). Called by the tracker's
 * tick (the batching timer and the retry timer in one), at FLUSH_AT events, and at once for clicks,
 * submits and page hide.
 */
export const flush = guard((leaving?: boolean) => {
  const t = now();
  const events = queue;
  // Emptied first: should wrapping ever throw, only this batch is lost, not every later one.
  queue = [];
  const b = events[0] && wrap(events);
  if (b) putEntry(t, b, { b, n: 0, c: t, a: t });
  const entries = loadEntries(t);
  // A batch has failed and waits for its retry: the collector may be down (a beacon's fate nobody
  // learns), so beaconed batches stay in the store too, and the next page load sends them again.
  // (A page being unloaded also sees its requests fail: then the copy is merely redundant.)
  const down = entries.some((e) => e.n);
  for (const e of entries) {
    if (inflight[e.b] || e.a > t) continue;
    if (leaving) nav.sendBeacon(endpoint, e.b) && !down && putEntry(t, e.b);
    else {
      inflight[e.b] = 1;
      fetch(endpoint, { method: 'POST', body: e.b, keepalive: true }).then(
        (res) => settle(e, res.status),
        () => settle(e, 0),
      );
    }
  }
});

/** Queues an event; FLUSH_AT (under the collector's 50 per request) sends at once. */
export const push = (event: WireEvent): void => {
  if (queue.push(event) >= FLUSH_AT) flush();
};

/** Consent withdrawn: forget the events not sent yet (the stored batches go with the ids). */
export const clearQueue = (): void => {
  queue = [];
};
