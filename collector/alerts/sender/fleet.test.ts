import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { postgresTestsEnabled, useTestDatabase } from '../../../test/support/postgres.js';
import { startReceiver, type Receiver } from '../../../test/support/alerts.js';
import { migratePostgres } from '../../store/postgres/migrate.js';
import { createPostgresAlertStores, postgresAlertsStore } from '../../store/postgres/alerts.js';
import { alertsTransaction } from '../index.js';
import type { AlertsStore } from '../../store/port/alerts.js';
import { createSender, type Sender } from './index.js';
import { createHttpTransport, type Transport } from './transport.js';

/**
 * Webhook delivery across a fleet: several collectors' senders on one PostgreSQL database, each
 * on its own connections, delivering to a real HTTP receiver that counts requests per message id.
 */
describe.runIf(postgresTestsEnabled('collector/alerts/sender/fleet.test.ts'))('webhook delivery by a fleet of collectors', () => {
  const pg = useTestDatabase();
  const senders: Sender[] = [];
  const receivers: Receiver[] = [];
  beforeAll(() => migratePostgres(pg.sql));
  afterEach(async () => {
    await Promise.all(senders.splice(0).map((s) => s.stop()));
    await Promise.all(receivers.splice(0).map((r) => r.close()));
    await pg.sql`TRUNCATE webhook_attempts, webhook_messages, webhook_endpoints RESTART IDENTITY CASCADE`;
  });

  const http = createHttpTransport({ policy: 'loopback' });
  /** One collector's sender: its own pool on the shared database. */
  function collector(options: { transport?: Transport; leaseMs?: number; store?: AlertsStore } = {}) {
    const sender = createSender({
      transaction: alertsTransaction(options.store ?? postgresAlertsStore(pg.connect({ max: 2 })), Date.now),
      transport: options.transport ?? http,
      clock: Date.now,
      log: () => {},
      leaseMs: options.leaseMs,
      maxSleepMs: 100,
      maxConcurrent: 4,
    });
    senders.push(sender);
    return sender;
  }

  /**
   * A store whose process can die: after `kill()` its units never settle (a dead process makes no
   * more queries), and `kill()` resolves once the unit in flight, if any, has ended.
   */
  function mortal(store: AlertsStore) {
    let dead = false;
    const running = new Set<Promise<unknown>>();
    const transaction: AlertsStore['transaction'] = (work) => {
      if (dead) return new Promise(() => {});
      const unit = store.transaction(work);
      running.add(unit);
      void unit.finally(() => running.delete(unit)).catch(() => {});
      return unit;
    };
    return {
      store: { transaction },
      async kill() {
        dead = true;
        await Promise.allSettled([...running]);
      },
    };
  }

  async function outbox(count: number) {
    const receiver = await startReceiver();
    receivers.push(receiver);
    const stores = createPostgresAlertStores(pg.sql);
    const endpointId = await stores.endpoints.insert(
      { url: receiver.url, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', format: 'json', events: ['lead.entered_sql'], source: 'api' },
      Date.now(),
    );
    const ids = Array.from({ length: count }, (_, i) => `msg_fleet${String(i).padStart(3, '0')}`);
    for (const id of ids) {
      const now = Date.now();
      await stores.messages.insert({
        id,
        endpointId,
        type: 'lead.entered_sql',
        leadId: 1,
        body: `{"id":"${id}"}`,
        status: 'pending',
        nextAttemptAt: now,
        createdAt: now,
      });
    }
    return { receiver, ids };
  }

  async function deliveredCount(): Promise<number> {
    const [row] = await pg.sql<{ n: number }[]>`SELECT COUNT(*)::bigint AS n FROM webhook_messages WHERE status = 'delivered'`;
    return row!.n;
  }
  async function waitDelivered(count: number, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    while ((await deliveredCount()) < count) {
      if (Date.now() > deadline) throw new Error(`delivered ${await deliveredCount()} of ${count}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('two collectors deliver every message exactly once between them', async () => {
    const { receiver, ids } = await outbox(40);
    // Slow requests keep claims in flight while the other collector looks at the outbox.
    const slow: Transport = (request) => new Promise((resolve) => setTimeout(resolve, 30)).then(() => http(request));
    const a = collector({ transport: slow });
    const b = collector({ transport: slow });
    a.wake();
    b.wake();
    await waitDelivered(ids.length);
    await Promise.all([a.settled(), b.settled()]);

    expect([...receiver.countById().keys()].sort()).toEqual(ids);
    expect([...receiver.countById().values()].every((n) => n === 1)).toBe(true);
    expect(a.stats.delivered + b.stats.delivered).toBe(ids.length);
    const attempts = await pg.sql<{ n: number }[]>`SELECT COUNT(*)::bigint AS n FROM webhook_attempts GROUP BY message_id`;
    expect(attempts.map((r) => r.n)).toEqual(ids.map(() => 1));
  });

  it('a collector that dies holding claims loses them when the lease lapses; another delivers each once', async () => {
    const { receiver, ids } = await outbox(3);
    // The doomed collector claims (committed) and starts sending, but its requests never finish:
    // it is killed mid-delivery, its connection with it.
    const doomedSql = pg.connect({ max: 1 });
    const doomedProcess = mortal(postgresAlertsStore(doomedSql));
    let started = 0;
    const doomed = collector({ store: doomedProcess.store, leaseMs: 3000, transport: () => (started++, new Promise(() => {})) });
    doomed.wake();
    const deadline = Date.now() + 5000;
    while (started < ids.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(started).toBe(ids.length);
    senders.splice(senders.indexOf(doomed), 1);
    await doomedProcess.kill();
    const [pid] = await doomedSql<{ pid: number }[]>`SELECT pg_backend_pid()::bigint AS pid`;
    await pg.sql`SELECT pg_terminate_backend(${pid!.pid}::int)`;

    const leases = await pg.sql<{ id: string; until: number }[]>`SELECT id, next_attempt_at AS until FROM webhook_messages ORDER BY id`;
    const survivor = collector();
    survivor.wake();
    await survivor.settled();
    expect(receiver.received).toHaveLength(0); // the claims are still the dead collector's
    await waitDelivered(ids.length);
    await survivor.settled();
    // Sent only once the dead collector's lease had lapsed: until then the claims were its own.
    const attempts = await pg.sql<{ id: string; at: number }[]>`SELECT message_id AS id, at FROM webhook_attempts ORDER BY message_id`;
    expect(attempts.map((a) => a.id)).toEqual(ids);
    attempts.forEach((a, i) => expect(a.at).toBeGreaterThanOrEqual(leases[i]!.until));
    expect([...receiver.countById().entries()].sort()).toEqual(ids.map((id) => [id, 1]));
    expect(survivor.stats.delivered).toBe(ids.length);
  });
});
