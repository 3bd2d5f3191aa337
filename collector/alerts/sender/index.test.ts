import { describe, expect, it } from 'vitest';
import type { LookupAddress } from 'node:dns';
import type { Kindling } from '../../kindling.js';
import { alertFixtures, emit, manualTime, stageChanged } from '../../../test/support/alerts.js';
import { one, rows } from '../../../test/support/query.js';

const { receiver, kindling: start } = alertFixtures();
const leadOf = (body: string) => JSON.parse(body).lead.id as number;
const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe('sender: restart safety', () => {
  it('a restart in the middle of retries neither resends delivered alerts nor drops pending ones', async () => {
    const time = manualTime();
    let healthy = false;
    const r = await receiver((req) => (healthy || leadOf(req.body) === 1 ? { status: 200 } : { status: 503 }));
    const webhooks = { endpoints: [{ url: r.url }] };
    const first = await start({ time, webhooks });
    await emit(first.kindling, stageChanged(1, 'near_sql', 'sql', time.clock()), stageChanged(2, 'near_sql', 'sql', time.clock()));
    await first.kindling.alerts.sender.settled();
    time.advance(5_000);
    await first.kindling.alerts.sender.settled();
    const statusOf = async (k: Kindling) =>
      Object.fromEntries(
        (
          await rows<{ lead: number; status: string; attempts: number }>(
            k,
            'SELECT lead_id AS lead, status, attempts FROM webhook_messages',
          )
        ).map((m) => [m.lead, [m.status, m.attempts]]),
      );
    expect(await statusOf(first.kindling)).toEqual({ 1: ['delivered', 1], 2: ['pending', 2] });
    await first.kindling.close();

    healthy = true;
    const second = await start({ time, webhooks, dir: first.dir });
    await second.kindling.alerts.sender.settled();
    expect(r.received).toHaveLength(3); // nothing resent at boot; lead 2 waits for its next slot (5 min)
    time.advance(5 * 60_000);
    await second.kindling.alerts.sender.settled();
    expect(await statusOf(second.kindling)).toEqual({ 1: ['delivered', 1], 2: ['delivered', 3] });
    time.advance(2 * DAY);
    await second.kindling.alerts.sender.settled();
    expect([...r.countById().values()].sort()).toEqual([1, 3]);
    expect(r.processedIds().size).toBe(2);
  });

  it('a message in flight at shutdown stays pending and goes out again after the restart (the receiver dedupes)', async () => {
    let hang = true;
    const r = await receiver(() => (hang ? 'hang' : { status: 200 }));
    const first = await start({ webhooks: { endpoints: [{ url: r.url }] }, overrides: { shutdownGraceMs: 50 } });
    await emit(first.kindling, stageChanged(1, 'near_sql', 'sql', Date.now()));
    await r.waitFor(1);
    await first.kindling.close();
    hang = false;
    const second = await start({ webhooks: { endpoints: [{ url: r.url }] }, dir: first.dir });
    await r.waitFor(2);
    await second.kindling.alerts.sender.settled();
    const [message] = await rows<{ id: string; status: string; attempts: number }>(
      second.kindling,
      'SELECT id, status, attempts FROM webhook_messages',
    );
    expect(message).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(r.countById().get(message!.id)).toBe(2);
    expect(r.processedIds()).toEqual(new Set([message!.id]));
  });
});

describe('sender: endpoint health', () => {
  async function failingFor(days: number, options: { successAtHour?: number } = {}) {
    const time = manualTime();
    const start0 = time.clock();
    const r = await receiver(() =>
      options.successAtHour !== undefined && Math.abs(time.clock() - start0 - options.successAtHour * HOUR) < HOUR / 2
        ? { status: 200 }
        : { status: 500 },
    );
    const { kindling } = await start({ time, webhooks: { endpoints: [{ url: r.url }] } });
    // A new SQL every six hours keeps the endpoint busy, as a real site would.
    for (let hour = 0; hour < days * 24; hour++) {
      if (hour % 6 === 0) await emit(kindling, stageChanged(hour, 'near_sql', 'sql', time.clock()));
      await kindling.alerts.sender.settled();
      time.advance(HOUR);
    }
    await kindling.alerts.sender.settled();
    return { kindling, r, start0 };
  }

  it('disables an endpoint that failed without a break for five days', async () => {
    const early = await failingFor(4.5);
    expect((await early.kindling.alerts.reads.endpoints())[0]).toMatchObject({ enabled: true, failingSince: early.start0 });
    const { kindling, start0 } = await failingFor(5.5);
    const [endpoint] = await kindling.alerts.reads.endpoints();
    expect(endpoint).toMatchObject({ enabled: false, disabledReason: `failing without a success since ${new Date(start0).toISOString()}` });
    const pending = await one(kindling, "SELECT COUNT(*) AS n FROM webhook_messages WHERE status = 'pending'");
    expect(pending).toEqual({ n: 0 });
    expect(
      await one(kindling, "SELECT last_error AS e FROM webhook_messages WHERE status = 'failed' ORDER BY created_at DESC LIMIT 1"),
    ).toEqual({
      e: `endpoint disabled: ${endpoint!.disabledReason}`,
    });
  });

  it('one success resets the streak', async () => {
    const { kindling, start0 } = await failingFor(7, { successAtHour: 72 });
    const [endpoint] = await kindling.alerts.reads.endpoints();
    expect(endpoint!.enabled).toBe(true);
    expect(endpoint!.failingSince).toBeGreaterThan(start0 + 72 * HOUR - HOUR);
  });
});

describe('sender: safe targets at send time', () => {
  // A name that resolves to loopback: the literal check passes, the resolved address must not.
  const fakeDns = (hostname: string, _o: unknown, cb: (err: NodeJS.ErrnoException | null, a: LookupAddress[]) => void) =>
    hostname === 'sneaky.example'
      ? cb(null, [{ address: '127.0.0.1', family: 4 }])
      : cb(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }), []);

  it('refuses a name that resolves to a private address, and fails the message for good', async () => {
    const r = await receiver();
    const url = `http://sneaky.example:${r.port}/hook`;
    const { kindling } = await start({
      webhooks: { allowPrivateTargets: false, endpoints: [{ url }] },
      overrides: { resolveAll: fakeDns },
    });
    await emit(kindling, stageChanged(1, 'near_sql', 'sql', Date.now()));
    await kindling.alerts.sender.settled();
    expect(r.received).toHaveLength(0);
    const [message] = await rows(kindling, 'SELECT status, last_error AS "lastError" FROM webhook_messages');
    expect(message).toEqual({
      status: 'failed',
      lastError: expect.stringContaining('refused loopback address 127.0.0.1 (sneaky.example resolves to 127.0.0.1)'),
    });
  });

  it('refuses a literal private address stored under a looser policy', async () => {
    const r = await receiver();
    const { kindling } = await start({ webhooks: { allowPrivateTargets: false } });
    await kindling.alerts.transaction((tx) =>
      tx.endpoints.insert(
        { url: r.url, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', format: 'json', events: ['lead.entered_sql'], source: 'api' },
        tx.now,
      ),
    );
    await emit(kindling, stageChanged(1, 'near_sql', 'sql', Date.now()));
    await kindling.alerts.sender.settled();
    expect(r.received).toHaveLength(0);
    expect(await one(kindling, 'SELECT status FROM webhook_messages')).toEqual({ status: 'failed' });
  });

  it('connects to the address it checked when the policy allows it', async () => {
    const r = await receiver();
    const url = `http://sneaky.example:${r.port}/hook`;
    const { kindling } = await start({ webhooks: { endpoints: [{ url }] }, overrides: { resolveAll: fakeDns } });
    await emit(kindling, stageChanged(1, 'near_sql', 'sql', Date.now()));
    await r.waitFor(1);
    expect(r.received[0]!.headers.host).toBe(`sneaky.example:${r.port}`);
  });
});
