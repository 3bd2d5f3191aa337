import { describe, expect, it } from 'vitest';
import type { Kindling } from '../kindling.js';
import { generateSecret, verify } from './signature/index.js';
import { alertFixtures, emit, manualTime, stageChanged, type TestKindlingOptions } from '../../test/support/alerts.js';
import { rows } from '../../test/support/query.js';

const SECRET = generateSecret();
const { receiver, kindling: start } = alertFixtures();
const kindlingFor = (url: string, options: TestKindlingOptions = {}) =>
  start({ ...options, webhooks: { endpoints: [{ url, secret: SECRET }], ...options.webhooks } });

const messages = (k: Kindling) =>
  rows<{ id: string; type: string; status: string; attempts: number; nextAttemptAt: number | null; lastError: string | null }>(
    k,
    'SELECT id, type, status, attempts, next_attempt_at AS "nextAttemptAt", last_error AS "lastError" FROM webhook_messages ORDER BY created_at, lead_id, id',
  );

describe('webhook delivery to a real receiver', () => {
  it('delivers a signed alert right after the commit that made the lead SQL', async () => {
    const r = await receiver();
    const { kindling } = await kindlingFor(r.url);
    await emit(kindling, stageChanged(7, 'near_sql', 'sql', Date.now()));
    await r.waitFor(1);
    const [req] = r.received;
    // The receiver's side: the signature verifies with the endpoint's secret.
    const id = verify(SECRET, req!.headers as Record<string, string>, req!.body);
    expect(id).toMatch(/^msg_[0-9a-f]{28}$/);
    const payload = JSON.parse(req!.body);
    expect(payload).toMatchObject({
      type: 'lead.entered_sql',
      id,
      lead: { id: 7, stage: 'sql', score: 81.3 },
      link: 'http://localhost:8787/#/leads/7',
    });
    expect(req!.headers['content-type']).toBe('application/json');
    await kindling.alerts.sender.settled();
    expect(await messages(kindling)).toEqual([expect.objectContaining({ id, status: 'delivered', attempts: 1, nextAttemptAt: null })]);
    const attempts = await kindling.alerts.reads.attempts(id);
    expect(attempts).toEqual([expect.objectContaining({ status: 200, error: null })]);
    expect(attempts[0]!.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('commits the outbox row in the transaction of the stage change, or not at all', async () => {
    const r = await receiver();
    const { kindling } = await kindlingFor(r.url);
    const seen = await kindling.writer.transact(async (ctx) => {
      await ctx.emit(stageChanged(1, 'near_sql', 'sql', ctx.now));
      // The one configured endpoint is id 1; its outbox as this transaction sees it.
      return (await ctx.messages.page(1, { limit: 10 })).length;
    });
    expect(seen).toBe(1);
    await expect(
      kindling.writer.transact((ctx) => {
        ctx.emit(stageChanged(2, 'near_sql', 'sql', ctx.now));
        throw new Error('the stage change fails');
      }),
    ).rejects.toThrow('the stage change fails');
    await r.waitFor(1);
    await kindling.alerts.sender.settled();
    expect(await messages(kindling)).toHaveLength(1);
    expect(r.received).toHaveLength(1);
    expect(JSON.parse(r.received[0]!.body).lead.id).toBe(1);
  });

  it('receiver down, then up: every message is delivered exactly once', async () => {
    const time = manualTime();
    const r = await receiver();
    await r.down();
    const { kindling } = await kindlingFor(r.url, { time });
    await emit(kindling, stageChanged(1, 'near_sql', 'sql', time.clock()), stageChanged(2, 'mql', 'sql', time.clock()));
    await emit(kindling, stageChanged(3, 'lead', 'sql', time.clock()));
    await kindling.alerts.sender.settled();
    expect((await messages(kindling)).map((m) => [m.status, m.attempts, m.nextAttemptAt])).toEqual(
      Array(3).fill(['pending', 1, time.clock() + 5000]),
    );
    expect((await messages(kindling))[0]!.lastError).toMatch(/ECONNREFUSED/);

    await r.up();
    time.advance(4_999);
    await kindling.alerts.sender.settled();
    expect(r.received).toHaveLength(0); // not before the scheduled retry
    time.advance(1);
    await kindling.alerts.sender.settled();
    expect((await messages(kindling)).map((m) => m.status)).toEqual(['delivered', 'delivered', 'delivered']);

    // Nothing is ever sent again, however long we wait.
    time.advance(3 * 24 * 3600_000);
    await kindling.alerts.sender.settled();
    expect([...r.countById().values()]).toEqual([1, 1, 1]);
    expect(new Set(r.countById().keys())).toEqual(new Set((await messages(kindling)).map((m) => m.id)));
  });

  it('a receiver that fails once sees the same id again; deduplicating on it processes each message once', async () => {
    const time = manualTime();
    const r = await receiver((req, i) => (i === 0 ? { status: 503 } : { status: 204 }));
    const { kindling } = await kindlingFor(r.url, { time });
    await emit(kindling, stageChanged(1, 'near_sql', 'sql', time.clock()));
    await kindling.alerts.sender.settled();
    time.advance(5_000);
    await kindling.alerts.sender.settled();
    const [first, second] = r.received;
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    expect(second!.body).toBe(first!.body); // same bytes on every retry
    expect(r.processedIds()).toEqual(new Set([first!.headers['webhook-id']]));
    expect((await kindling.alerts.reads.attempts(String(first!.headers['webhook-id']))).map((a) => a.status)).toEqual([503, 204]);
  });

  it('410 Gone disables the endpoint and stops its alerts', async () => {
    const time = manualTime();
    const r = await receiver(() => ({ status: 410, body: 'channel_is_archived' }));
    const { kindling } = await kindlingFor(r.url, { time });
    await emit(kindling, stageChanged(1, 'near_sql', 'sql', time.clock()));
    await kindling.alerts.sender.settled();
    const [endpoint] = await kindling.alerts.reads.endpoints();
    expect(endpoint).toMatchObject({ enabled: false, disabledReason: 'the receiver answered 410 Gone' });
    expect(await messages(kindling)).toEqual([expect.objectContaining({ status: 'failed', lastError: 'HTTP 410: channel_is_archived' })]);
    await emit(kindling, stageChanged(2, 'near_sql', 'sql', time.clock()));
    time.advance(24 * 3600_000);
    await kindling.alerts.sender.settled();
    expect(r.received).toHaveLength(1);
    expect(await messages(kindling)).toHaveLength(1);
  });

  it('other 4xx fail for good; 429 waits for Retry-After', async () => {
    const time = manualTime();
    const r = await receiver((req) =>
      JSON.parse(req.body).lead.id === 1 ? { status: 422, body: 'bad' } : { status: 429, headers: { 'retry-after': '120' } },
    );
    const { kindling } = await kindlingFor(r.url, { time });
    await emit(kindling, stageChanged(1, 'near_sql', 'sql', time.clock()), stageChanged(2, 'near_sql', 'sql', time.clock()));
    await kindling.alerts.sender.settled();
    const [failed, limited] = await messages(kindling);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: null, lastError: 'HTTP 422: bad' });
    expect(limited).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: time.clock() + 120_000, lastError: 'HTTP 429' });
    time.advance(119_000);
    await kindling.alerts.sender.settled();
    expect(r.received).toHaveLength(2);
    time.advance(1_000);
    await kindling.alerts.sender.settled();
    expect(r.received).toHaveLength(3);
  });

  it('times out a receiver that does not answer, and retries', async () => {
    const time = manualTime();
    const r = await receiver(() => 'hang');
    const { kindling } = await kindlingFor(r.url, { time, webhooks: { requestTimeoutMs: 150 } });
    await emit(kindling, stageChanged(1, 'near_sql', 'sql', time.clock()));
    await kindling.alerts.sender.settled();
    expect((await messages(kindling))[0]).toMatchObject({ status: 'pending', attempts: 1, lastError: 'no answer within 150 ms' });
    const [attempt] = await kindling.alerts.reads.attempts((await messages(kindling))[0]!.id);
    expect(attempt).toMatchObject({ status: null, error: 'no answer within 150 ms' });
    expect(attempt!.latencyMs).toBeGreaterThanOrEqual(140);
  });

  it('does not follow redirects', async () => {
    const time = manualTime();
    const target = await receiver();
    const r = await receiver(() => ({ status: 307, headers: { location: target.url } }));
    const { kindling } = await kindlingFor(r.url, { time });
    await emit(kindling, stageChanged(1, 'near_sql', 'sql', time.clock()));
    await kindling.alerts.sender.settled();
    expect(target.received).toHaveLength(0);
    expect((await messages(kindling))[0]).toMatchObject({
      status: 'pending',
      lastError: `HTTP 307 (redirect to ${target.url}, not followed)`,
    });
  });

  it('gives up on a message after the eighth attempt (about 28 hours)', async () => {
    const time = manualTime();
    const r = await receiver(() => ({ status: 500 }));
    const { kindling } = await kindlingFor(r.url, { time });
    await emit(kindling, stageChanged(1, 'near_sql', 'sql', time.clock()));
    const start = time.clock();
    await kindling.alerts.sender.settled();
    for (let i = 0; i < 100; i++) {
      const wait = time.nextTimerIn();
      if (wait === null) break;
      time.advance(wait);
      await kindling.alerts.sender.settled();
    }
    const times = r.received.map((req) => Number(req.headers['webhook-timestamp']) * 1000 - start);
    expect(times).toEqual([0, 5, 305, 2105, 9305, 27305, 63305, 99305].map((s) => s * 1000));
    expect((await messages(kindling))[0]).toMatchObject({ status: 'failed', attempts: 8, lastError: 'gave up after 8 attempts: HTTP 500' });
  });
});
