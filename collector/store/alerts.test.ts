import { describe, expect, it } from 'vitest';
import { postgresTestsEnabled, useTestDatabase } from '../../test/support/postgres.js';
import { migratePostgres } from './postgres/migrate.js';
import { postgresStoresPerTest, sqliteStoresPerTest } from '../../test/support/store-pair.js';
import type { EndpointStore, LatchStore, MessageStore, NewMessage } from './port/alerts.js';
import { createSqliteAlertStores } from './sqlite/alerts.js';
import { createPostgresAlertStores } from './postgres/alerts.js';

interface Stores {
  endpoints: EndpointStore;
  messages: MessageStore;
  latches: LatchStore;
}

const sqliteStores = () => sqliteStoresPerTest((db): Stores => createSqliteAlertStores(db));
const postgresStores = () =>
  postgresStoresPerTest(
    (sql) => sql`TRUNCATE webhook_attempts, webhook_messages, webhook_endpoints, alert_latches RESTART IDENTITY CASCADE`,
    (sql): Stores => createPostgresAlertStores(sql),
  );

const STORES = [
  { name: 'SQLite', enabled: true, stores: sqliteStores },
  { name: 'PostgreSQL', enabled: postgresTestsEnabled('collector/store/alerts.test.ts'), stores: postgresStores },
];

const T0 = Date.UTC(2025, 0, 1);
const hook = (url: string, source: 'config' | 'api' = 'api') => ({
  url,
  secret: 'whsec_x',
  format: 'json' as const,
  events: ['lead.entered_sql' as const],
  source,
});
const message = (id: string, endpointId: number, fields: Partial<NewMessage> = {}): NewMessage => ({
  id,
  endpointId,
  type: 'lead.entered_sql',
  leadId: 7,
  body: `{"id":"${id}"}`,
  status: 'pending',
  nextAttemptAt: T0,
  createdAt: T0,
  ...fields,
});

for (const store of STORES) {
  describe.runIf(store.enabled)(`alert stores on ${store.name}`, () => {
    const get = store.stores();

    it('endpoints: insert, read back whole, update, enable/disable with the streak and reason, remove', async () => {
      const { endpoints } = get();
      const a = await endpoints.insert(hook('https://a.example/h', 'config'), T0);
      const b = await endpoints.insert({ ...hook('https://b.example/h'), format: 'slack', events: ['lead.created', 'lead.fell_back'] }, T0);
      expect(b).toBeGreaterThan(a);
      expect(await endpoints.get(b)).toEqual({
        id: b,
        url: 'https://b.example/h',
        secret: 'whsec_x',
        format: 'slack',
        events: ['lead.created', 'lead.fell_back'],
        enabled: true,
        disabledReason: null,
        source: 'api',
        failingSince: null,
        createdAt: T0,
        updatedAt: T0,
        userId: null,
      });
      expect((await endpoints.getConfigByUrl('https://a.example/h'))?.id).toBe(a);
      expect(await endpoints.getConfigByUrl('https://b.example/h')).toBeNull();
      await endpoints.update(a, { url: 'https://a2.example/h', secret: 's2', format: 'json', events: ['lead.entered_mql'] }, T0 + 5);
      expect(await endpoints.get(a)).toMatchObject({
        url: 'https://a2.example/h',
        secret: 's2',
        events: ['lead.entered_mql'],
        updatedAt: T0 + 5,
      });

      await endpoints.setFailingSince(a, T0 + 1);
      await endpoints.setEnabled(a, false, 'broken', T0 + 6);
      expect(await endpoints.get(a)).toMatchObject({ enabled: false, disabledReason: 'broken', failingSince: T0 + 1 });
      expect((await endpoints.listEnabled()).map((e) => e.id)).toEqual([b]);
      expect((await endpoints.list()).map((e) => e.id)).toEqual([a, b]);
      await endpoints.setEnabled(a, true, 'ignored when enabling', T0 + 7);
      expect(await endpoints.get(a)).toMatchObject({ enabled: true, disabledReason: null, failingSince: null, updatedAt: T0 + 7 });

      expect(await endpoints.remove(b)).toBe(true);
      expect(await endpoints.remove(b)).toBe(false);
      expect(await endpoints.get(b)).toBeNull();
    });

    it("personal channels belong to their user: never in the team's lists, listed per user, delivered like any endpoint", async () => {
      const { endpoints, messages } = get();
      const team = await endpoints.insert(hook('https://team.example/h'), T0);
      const mail = await endpoints.insert({ ...hook('mailto:anna@example.com'), userId: 7 }, T0);
      const slack = await endpoints.insert({ ...hook('https://hooks.slack.example/a'), format: 'slack', userId: 7 }, T0);
      const other = await endpoints.insert({ ...hook('mailto:ben@example.com'), userId: 8 }, T0);
      expect((await endpoints.list()).map((e) => e.id)).toEqual([team]);
      expect((await endpoints.listEnabled()).map((e) => e.id)).toEqual([team]);
      expect((await endpoints.listOfUser(7)).map((e) => [e.id, e.userId])).toEqual([
        [mail, 7],
        [slack, 7],
      ]);
      expect((await endpoints.listOfUser(8)).map((e) => e.id)).toEqual([other]);
      expect(await endpoints.get(mail)).toMatchObject({ url: 'mailto:anna@example.com', userId: 7 });
      await messages.insert(message('m-mail', mail));
      expect(await messages.claimDue(T0, 10, 1000)).toEqual(['m-mail']);
    });

    it('claimDue takes due messages of enabled endpoints, oldest first, and leases them until the lease lapses', async () => {
      const { endpoints, messages } = get();
      const on = await endpoints.insert(hook('https://on.example/h'), T0);
      const off = await endpoints.insert(hook('https://off.example/h'), T0);
      await messages.insert(message('m-late', on, { nextAttemptAt: T0 + 30 }));
      await messages.insert(message('m-first', on, { nextAttemptAt: T0 + 10 }));
      await messages.insert(message('m-second', on, { nextAttemptAt: T0 + 20 }));
      await messages.insert(message('m-future', on, { nextAttemptAt: T0 + 5000 }));
      await messages.insert(message('m-off', off, { nextAttemptAt: T0 }));
      await messages.insert(message('m-done', on, { status: 'delivered', nextAttemptAt: null }));
      await endpoints.setEnabled(off, false, 'off', T0);

      expect(await messages.claimDue(T0 + 100, 2, 1000)).toEqual(expect.arrayContaining(['m-first', 'm-second']));
      expect(await messages.claimDue(T0 + 150, 10, 1000)).toEqual(['m-late']);
      // Claimed: off every due list until the lease ends, and the sender's timer wakes for that.
      expect(await messages.claimDue(T0 + 200, 10, 1000)).toEqual([]);
      expect((await messages.get('m-first'))!.nextAttemptAt).toBe(T0 + 1100);
      expect(await messages.nextDueAfter(T0 + 200)).toBe(T0 + 1100);
      // A claim that was never completed (its collector died) lapses: the message is due again.
      expect((await messages.claimDue(T0 + 1100, 10, 1000)).sort()).toEqual(['m-first', 'm-second']);
      expect(await messages.claimDue(T0 + 1200, 10, 1000)).toEqual(['m-late']);
      // A claim handed back (a clean shutdown) is due at once; a delivered message is never handed back.
      await messages.release('m-first', T0 + 1200);
      await messages.markDelivered('m-second', T0 + 1200);
      await messages.release('m-second', T0 + 1200);
      expect(await messages.claimDue(T0 + 1200, 10, 1000)).toEqual(['m-first']);
    });

    it('messages: get, delivery outcomes, attempt log, requeue, failing and deleting by endpoint or lead', async () => {
      const { endpoints, messages } = get();
      const ep = await endpoints.insert(hook('https://x.example/h'), T0);
      for (const id of ['a', 'b', 'c', 'd']) await messages.insert(message(id, ep, { leadId: id === 'd' ? 8 : 7 }));
      expect(await messages.get('a')).toEqual({
        id: 'a',
        endpointId: ep,
        type: 'lead.entered_sql',
        leadId: 7,
        body: '{"id":"a"}',
        status: 'pending',
        attempts: 0,
        retryStep: 0,
        nextAttemptAt: T0,
        lastError: null,
        createdAt: T0,
        deliveredAt: null,
      });
      expect(await messages.get('nope')).toBeNull();

      await messages.logAttempt('a', { at: T0 + 1, status: 503, latencyMs: 12, error: 'HTTP 503' });
      await messages.markRetry('a', T0 + 60_000, 'HTTP 503');
      await messages.logAttempt('a', { at: T0 + 60_001, status: 200, latencyMs: 9, error: null });
      await messages.markDelivered('a', T0 + 60_002);
      expect(await messages.get('a')).toMatchObject({
        status: 'delivered',
        attempts: 2,
        retryStep: 2,
        nextAttemptAt: null,
        lastError: null,
        deliveredAt: T0 + 60_002,
      });
      expect(await messages.attempts('a')).toEqual([
        { at: T0 + 1, status: 503, latencyMs: 12, error: 'HTTP 503' },
        { at: T0 + 60_001, status: 200, latencyMs: 9, error: null },
      ]);
      // A retry recorded after the message left the outbox changes nothing.
      await messages.markRetry('a', T0 + 90_000, 'late');
      expect(await messages.get('a')).toMatchObject({ status: 'delivered', nextAttemptAt: null });

      await messages.markFailed('b', 'HTTP 400');
      expect(await messages.get('b')).toMatchObject({ status: 'failed', attempts: 1, lastError: 'HTTP 400', nextAttemptAt: null });
      expect(await messages.requeue('b', T0 + 5)).toBe(true);
      expect(await messages.requeue('b', T0 + 6)).toBe(false);
      expect(await messages.get('b')).toMatchObject({ status: 'pending', retryStep: 0, attempts: 1, nextAttemptAt: T0 + 5 });

      expect(await messages.failPendingOfLead(8, 'simulated')).toBe(1);
      expect(await messages.get('d')).toMatchObject({ status: 'failed', lastError: 'simulated', attempts: 0 });
      expect(await messages.failPending(ep, 'endpoint disabled')).toBe(2);
      expect(await messages.get('c')).toMatchObject({ status: 'failed', lastError: 'endpoint disabled' });

      await messages.remove('c');
      expect(await messages.get('c')).toBeNull();
      expect(await messages.deleteForLead(7)).toBe(2);
      expect(await messages.get('a')).toBeNull();
      expect(await messages.attempts('a')).toEqual([]);
      expect(await messages.get('d')).not.toBeNull();
    });

    it("page: an endpoint's messages newest first, ids in byte order, by status, after a keyset", async () => {
      const { endpoints, messages } = get();
      const ep = await endpoints.insert(hook('https://p.example/h'), T0);
      const other = await endpoints.insert(hook('https://q.example/h'), T0);
      await messages.insert(message('m1', ep, { createdAt: T0 + 1 }));
      await messages.insert(message('m2', ep, { createdAt: T0 + 2 }));
      await messages.insert(message('m3B', ep, { createdAt: T0 + 3 }));
      await messages.insert(message('m3a', ep, { createdAt: T0 + 3 }));
      await messages.insert(message('x', other, { createdAt: T0 + 9 }));
      await messages.markFailed('m2', 'no');
      const ids = async (options: Parameters<MessageStore['page']>[1]) => (await messages.page(ep, options)).map((m) => m.id);
      expect(await ids({ limit: 10 })).toEqual(['m3a', 'm3B', 'm2', 'm1']);
      expect(await ids({ limit: 2 })).toEqual(['m3a', 'm3B']);
      expect(await ids({ limit: 10, before: { at: T0 + 3, id: 'm3a' } })).toEqual(['m3B', 'm2', 'm1']);
      expect(await ids({ limit: 10, status: 'pending' })).toEqual(['m3a', 'm3B', 'm1']);
      expect(await ids({ limit: 10, status: 'failed', before: null })).toEqual(['m2']);
      expect((await messages.page(ep, { limit: 1 }))[0]).toMatchObject({ endpointId: ep, createdAt: T0 + 3, retryStep: 0 });
    });

    it('a pending message for a disabled endpoint is stored failed, as disabling would have left it; others as given', async () => {
      const { endpoints, messages } = get();
      const on = await endpoints.insert(hook('https://on.example/h'), T0);
      const off = await endpoints.insert(hook('https://off.example/h'), T0);
      await endpoints.setEnabled(off, false, 'failing since then', T0);
      await messages.insert(message('m-on', on));
      await messages.insert(message('m-off', off));
      await messages.insert(message('m-off-sent', off, { status: 'delivered', nextAttemptAt: null }));
      expect(await messages.get('m-on')).toMatchObject({ status: 'pending', nextAttemptAt: T0, lastError: null });
      expect(await messages.get('m-off')).toMatchObject({
        status: 'failed',
        nextAttemptAt: null,
        lastError: 'endpoint disabled: failing since then',
      });
      expect(await messages.get('m-off-sent')).toMatchObject({ status: 'delivered', lastError: null });
    });

    it('latches: one crossing latches once, a fall releases it, erasure releases all of a lead', async () => {
      const { latches } = get();
      expect(await latches.cross(1, 'sql', T0)).toBe(true);
      expect(await latches.cross(1, 'sql', T0 + 1)).toBe(false);
      expect(await latches.cross(1, 'mql', T0)).toBe(true);
      expect(await latches.cross(2, 'sql', T0)).toBe(true);
      await latches.release(1, 'sql');
      expect(await latches.cross(1, 'sql', T0 + 2)).toBe(true);
      await latches.releaseLead(1);
      expect(await latches.cross(1, 'mql', T0 + 3)).toBe(true);
      expect(await latches.cross(1, 'sql', T0 + 3)).toBe(true);
      expect(await latches.cross(2, 'sql', T0 + 3)).toBe(false);
    });
  });
}

describe.runIf(postgresTestsEnabled('collector/store/alerts.test.ts (concurrency)'))('alert stores on PostgreSQL, two collectors', () => {
  const pg = useTestDatabase();

  it("claimDue skips the rows another collector's open claim holds instead of waiting, and never hands one out twice", async () => {
    await migratePostgres(pg.sql);
    const first = pg.connect({ max: 1 });
    const second = pg.connect({ max: 1 });
    const ep = await createPostgresAlertStores(pg.sql).endpoints.insert(hook('https://c.example/h'), T0);
    for (let i = 0; i < 6; i++) await createPostgresAlertStores(pg.sql).messages.insert(message(`m${i}`, ep, { nextAttemptAt: T0 + i }));

    let releaseFirst!: () => void;
    const held = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstClaimed: string[] = [];
    let claimedSignal!: () => void;
    const claimed = new Promise<void>((resolve) => (claimedSignal = resolve));
    const firstTx = first.begin(async (tx) => {
      firstClaimed = await createPostgresAlertStores(tx).messages.claimDue(T0 + 100, 3, 60_000);
      claimedSignal();
      await held; // the claim stays uncommitted: its rows stay locked
    });
    await claimed;
    // Runs while the first transaction is open: a plain FOR UPDATE would block here.
    const secondClaimed = await createPostgresAlertStores(second).messages.claimDue(T0 + 100, 10, 60_000);
    releaseFirst();
    await firstTx;

    expect(firstClaimed.sort()).toEqual(['m0', 'm1', 'm2']);
    expect(secondClaimed.sort()).toEqual(['m3', 'm4', 'm5']);
    expect(await createPostgresAlertStores(pg.sql).messages.claimDue(T0 + 200, 10, 60_000)).toEqual([]);
  });

  it('a message queued while another collector disables its endpoint ends failed with the others, never pending for good', async () => {
    await migratePostgres(pg.sql);
    await pg.sql`TRUNCATE webhook_attempts, webhook_messages, webhook_endpoints, alert_latches RESTART IDENTITY CASCADE`;
    const queuing = pg.connect({ max: 1 });
    const disabling = pg.connect({ max: 1 });
    const ep = await createPostgresAlertStores(pg.sql).endpoints.insert(hook('https://d.example/h'), T0);
    await createPostgresAlertStores(pg.sql).messages.insert(message('before', ep));

    let commitQueued!: () => void;
    const held = new Promise<void>((resolve) => (commitQueued = resolve));
    let insertedSignal!: () => void;
    const inserted = new Promise<void>((resolve) => (insertedSignal = resolve));
    const queued = queuing.begin(async (tx) => {
      await createPostgresAlertStores(tx).messages.insert(message('during', ep));
      insertedSignal();
      await held; // the outbox's transaction is still open while the endpoint is disabled
    });
    await inserted;
    const disabled = disabling.begin(async (tx) => {
      const stores = createPostgresAlertStores(tx);
      await stores.endpoints.setEnabled(ep, false, 'failing', T0);
      return stores.messages.failPending(ep, 'endpoint disabled: failing');
    });
    // Give the disable every chance to finish first (it did, before the lock): then let the outbox commit.
    await Promise.race([disabled, new Promise((resolve) => setTimeout(resolve, 300))]);
    commitQueued();
    await queued;
    expect(await disabled).toBe(2);
    const messages = createPostgresAlertStores(pg.sql).messages;
    for (const id of ['before', 'during'])
      expect(await messages.get(id)).toMatchObject({ status: 'failed', lastError: 'endpoint disabled: failing' });
    expect(await messages.claimDue(T0 + 100, 10, 60_000)).toEqual([]);
  });
});
