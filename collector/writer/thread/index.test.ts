import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { sqlBatch } from '../../../bench/alert-latency.js';
import { startReceiver, type Receiver } from '../../../test/support/alerts.js';
import { batch, pageview, postEvents, startTestKindling, type TestKindling } from '../../../test/support/kindling.js';
import { count, value } from '../../../test/support/query.js';
import type { LiveMessage } from '../../dashboard/live.js';

/**
 * The writer thread end to end: a Kindling whose ingest stores on its own thread and connection,
 * against the same SQLite file as the collector's writer, its reads and its write jobs.
 */
describe('writer thread', () => {
  let kindling: TestKindling | undefined;
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await kindling?.cleanup();
    await receiver?.close();
    kindling = receiver = undefined;
  });

  const start = (overrides: Parameters<typeof startTestKindling>[0] = {}) => startTestKindling(overrides, { writerThread: true });

  it('acknowledges a batch only once it is committed and visible to the collector’s own connection', async () => {
    kindling = await start();
    const before = kindling.writer.stats.events;
    const res = await postEvents(kindling, batch([pageview(), pageview('http://localhost:3000/docs')]));
    expect(res.status).toBe(202);
    expect(await count(kindling, 'events')).toBe(2);
    // Stored by the thread's writer, not the collector's.
    expect(kindling.writer.stats.events).toBe(before);
  });

  it('projects, routes and alerts as the collector’s writer does: the SQL-making batch wakes the sender here', async () => {
    receiver = await startReceiver();
    kindling = await start({ webhooks: { allowPrivateTargets: 'loopback', endpoints: [{ url: receiver.url }] } as never });
    const live: LiveMessage[] = [];
    await kindling.store.live.subscribe((messages) => void live.push(...messages));

    expect((await postEvents(kindling, sqlBatch(1, 'http://localhost:3000'))).status).toBe(202);
    expect(await value(kindling, 'SELECT stage FROM leads')).toBe('sql');
    // On SQLite the sender sleeps until woken: only the thread's "queued" reaching this thread delivers it.
    await receiver.waitFor(1);
    expect(JSON.parse(receiver.received[0]!.body).type).toBe('lead.entered_sql');
    // The commit's domain events reached the live streams.
    expect(live.length).toBeGreaterThan(0);
  });

  it('answers the Segment API with the thread’s counts (a retried batch is all duplicates)', async () => {
    kindling = await start();
    const body = {
      writeKey: 'demo-segment-write-key',
      batch: [{ type: 'track', event: 'Signed Up', messageId: 'm-1', anonymousId: 'a-1', timestamp: new Date().toISOString() }],
    };
    const send = async () =>
      (
        await kindling!.app.request('/v1/batch', {
          method: 'POST',
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        })
      ).json();
    expect(await send()).toMatchObject({ success: true, stored: 1, duplicates: 0 });
    expect(await send()).toMatchObject({ success: true, stored: 0, duplicates: 1 });
  });

  it('interleaves with the collector’s write jobs on the one file: concurrent ingest and sweeps all commit', async () => {
    kindling = await start();
    const posts = Array.from({ length: 40 }, (_, i) =>
      postEvents(
        kindling!,
        batch([pageview(`http://localhost:3000/p${i}`)], { v: `0190a6f1e2b37c4d8e9fa0b1c2d3e${String(100 + i).padStart(3, '0')}` }),
      ),
    );
    const sweeps = Array.from({ length: 5 }, () => kindling!.engine.sweep());
    const answers = await Promise.all(posts);
    await Promise.all(sweeps);
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 202));
    expect(await count(kindling, 'events')).toBe(40);
  });

  it('close stores every write it acknowledged, then refuses: nothing acknowledged is lost', async () => {
    kindling = await start();
    const k = kindling;
    const posts = Array.from({ length: 20 }, (_, i) => postEvents(k, batch([pageview(`http://localhost:3000/c${i}`)])));
    await new Promise((resolve) => setImmediate(resolve));
    await k.close();
    const acknowledged = (await Promise.all(posts)).filter((r) => r.status === 202).length;
    expect(acknowledged).toBeGreaterThan(0);
    const db = new Database(k.config.dbPath, { readonly: true });
    try {
      expect((db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n).toBe(acknowledged);
    } finally {
      db.close();
    }
    expect((await postEvents(k, batch([pageview()]))).status).not.toBe(202);
  });
});
