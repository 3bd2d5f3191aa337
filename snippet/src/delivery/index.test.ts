// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BACKOFF_BASE_MS, FLUSH_AT } from '../constants.js';
import { fakeBeacon, fakeFetch, record, resetPage, settle } from '../../../test/support/snippet.js';
import type { WireEvent } from '../wire.js';

const T = Date.UTC(2025, 0, 15, 12);
const ENDPOINT = 'https://c.example.com/e';
let seq = 0;
const event = (): WireEvent => ({
  i: `e${++seq}`,
  t: 'download',
  ts: T,
  u: 'https://www.example.com/',
  h: 'https://www.example.com/a.pdf',
});
const ids = (body: { e: WireEvent[] }) => body.e.map((e) => e.i);

/** A fresh delivery module, as on a new page load (the retry store in localStorage survives). */
async function pageLoad() {
  vi.resetModules();
  const delivery = await import('./index.js');
  delivery.setupDelivery(ENDPOINT, 'site');
  return delivery;
}

describe('delivery', () => {
  beforeEach(() => {
    resetPage();
    vi.useFakeTimers({ now: T });
    vi.spyOn(Math, 'random').mockReturnValue(0.5); // backoff without jitter
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it('sends the queued events as one text/plain batch with fetch keepalive, then forgets it', async () => {
    const sent = fakeFetch();
    const { push, flush } = await pageLoad();
    const [a, b] = [event(), event()];
    push(a);
    push(b);
    expect(sent).toEqual([]);
    flush();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe(ENDPOINT);
    expect(sent[0]!.init).toMatchObject({ method: 'POST', keepalive: true });
    expect(typeof sent[0]!.init!.body).toBe('string'); // a string body: text/plain, no CORS preflight
    expect(sent[0]!.init!.headers).toBeUndefined();
    expect(ids(sent[0]!.batch)).toEqual([a.i, b.i]);
    // the site key, this browser's visitor and session (and its landing page) around the events
    const { v, i, l } = record();
    expect(sent[0]!.batch).toEqual({ s: 'site', v, ss: i, l, e: [a, b] });
    expect(v).toMatch(/^[0-9a-f]{32}$/);
    // written ahead to the retry store while on its way, gone once the collector said 202
    expect(record().q).toHaveLength(1);
    await settle();
    expect(record().q).toEqual([]);
    flush();
    expect(sent).toHaveLength(1);
  });

  it(`sends at once when ${FLUSH_AT} events are waiting`, async () => {
    const sent = fakeFetch();
    const { push } = await pageLoad();
    for (let i = 0; i < FLUSH_AT - 1; i++) push(event());
    expect(sent).toHaveLength(0);
    push(event());
    expect(sent).toHaveLength(1);
    expect(sent[0]!.batch.e).toHaveLength(FLUSH_AT);
  });

  it('keeps a batch that failed, retries it with backoff, and sends it exactly once when the collector is back', async () => {
    let up = false;
    const sent = fakeFetch(() => (up ? 202 : 0));
    const { push, flush } = await pageLoad();
    const a = event();
    push(a);
    flush();
    await settle();
    expect(record().q).toEqual([expect.objectContaining({ n: 1, a: T + BACKOFF_BASE_MS })]);
    // not due yet: the next ticks do not hammer the collector
    vi.setSystemTime(T + BACKOFF_BASE_MS - 1);
    flush();
    expect(sent).toHaveLength(1);
    // due: tried again, fails again, backs off twice as long
    vi.setSystemTime(T + BACKOFF_BASE_MS);
    flush();
    await settle();
    expect(sent).toHaveLength(2);
    expect(record().q).toEqual([expect.objectContaining({ n: 2, a: T + 3 * BACKOFF_BASE_MS })]);
    up = true;
    vi.setSystemTime(T + 3 * BACKOFF_BASE_MS);
    flush();
    await settle();
    flush();
    await settle();
    expect(sent.map((s) => ids(s.batch))).toEqual([[a.i], [a.i], [a.i]]);
    expect(record().q).toEqual([]);
  });

  it('retries stored batches on a later page load', async () => {
    fakeFetch(() => 503);
    let delivery = await pageLoad();
    const a = event();
    delivery.push(a);
    delivery.flush();
    await settle();
    expect(record().q).toHaveLength(1);
    const sent = fakeFetch();
    vi.setSystemTime(T + 60_000);
    delivery = await pageLoad();
    delivery.flush();
    await settle();
    expect(sent.map((s) => ids(s.batch))).toEqual([[a.i]]);
    expect(record().q).toEqual([]);
  });

  it.each([
    [0, 'kept'],
    [408, 'kept'],
    [429, 'kept'],
    [500, 'kept'],
    [503, 'kept'],
    [400, 'dropped'],
    [403, 'dropped'],
    [404, 'dropped'],
    [413, 'dropped'],
    [202, 'done'],
  ])('status %i: the batch is %s', async (status, outcome) => {
    fakeFetch(() => status);
    const { push, flush } = await pageLoad();
    push(event());
    flush();
    await settle();
    expect(record().q).toHaveLength(outcome == 'kept' ? 1 : 0);
  });

  it('does not send a batch again while its answer is pending', async () => {
    let answer: (r: Response) => void = () => {};
    const fetch = vi.fn(() => new Promise<Response>((resolve) => (answer = resolve)));
    vi.stubGlobal('fetch', fetch);
    const beacons = fakeBeacon();
    const { push, flush } = await pageLoad();
    push(event());
    flush();
    flush();
    flush(true);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(beacons).toHaveLength(0);
    answer(new Response(null, { status: 202 }));
    await settle();
    expect(record().q).toEqual([]);
  });

  it('uses sendBeacon when the page is going away, and keeps what the browser refuses', async () => {
    const sent = fakeFetch();
    let beacons = fakeBeacon(true);
    const { push, flush } = await pageLoad();
    const a = event();
    push(a);
    flush(true);
    expect(sent).toHaveLength(0);
    expect(beacons.map((b) => [b.url, ids(b.batch)])).toEqual([[ENDPOINT, [a.i]]]);
    expect(record().q).toEqual([]);

    beacons = fakeBeacon(false);
    const b = event();
    push(b);
    flush(true);
    expect(beacons).toHaveLength(1);
    expect(record().q).toEqual([expect.objectContaining({ n: 0 })]);
    flush();
    await settle();
    expect(sent.map((s) => ids(s.batch))).toEqual([[b.i]]);
  });

  it('while a batch waits for its retry (the collector may be down), beaconed batches stay for the next page load too', async () => {
    fakeFetch(() => 0);
    const beacons = fakeBeacon(true);
    const { push, flush } = await pageLoad();
    const [a, b] = [event(), event()];
    push(a);
    flush();
    await settle();
    push(b);
    flush(true);
    expect(beacons.map((s) => ids(s.batch))).toEqual([[b.i]]); // the failed one is not due yet
    expect(record().q.map((e: { n: number }) => e.n)).toEqual([1, 0]);
    // next page load, collector back: both arrive (b perhaps twice: the collector ignores known ids)
    const sent = fakeFetch();
    vi.setSystemTime(T + 10 * BACKOFF_BASE_MS);
    const next = await pageLoad();
    next.flush();
    await settle();
    expect(sent.map((s) => ids(s.batch))).toEqual([[a.i], [b.i]]);
    expect(record().q).toEqual([]);
  });

  it('clearQueue forgets what was queued', async () => {
    const sent = fakeFetch();
    const { push, flush, clearQueue } = await pageLoad();
    push(event());
    clearQueue();
    flush();
    expect(sent).toHaveLength(0);
  });
});
