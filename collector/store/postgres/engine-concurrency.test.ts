import { describe, expect, it } from 'vitest';
import { newEvent } from '../../../test/support/engine.js';
import { postgresEngineParts, usePostgresEngine } from '../../../test/support/engine-stores.js';
import { postgresTestsEnabled } from '../../../test/support/postgres.js';
import type { Sql } from './connect.js';

const T0 = Date.UTC(2025, 0, 1);
const lead = (email: string) => ({
  email,
  company_domain: null,
  created_at: T0,
  created_seq: 1,
  stage: 'lead' as const,
  stage_changed_at: T0,
});

/** A promise with its resolve function, to hold a transaction open at a chosen point. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/** Resolves once `n` backends of this database wait on a lock: the interleaving the test wants has happened. */
async function lockWaiters(sql: Sql, n: number): Promise<void> {
  for (let tries = 0; ; tries++) {
    if (tries === 500) throw new Error(`no ${n} backend(s) came to wait on a lock`);
    const [row] = await sql<{ n: number }[]>`
      SELECT COUNT(*)::bigint AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
    if (row!.n >= n) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.runIf(postgresTestsEnabled('collector/store/postgres/engine-concurrency.test.ts'))(
  'two collectors stepping the same people',
  () => {
    const pg = usePostgresEngine();

    it('create the same person at once: one lead, and both units get its id', async () => {
      const [one, two] = [pg.connect(1), pg.connect(1)];
      const inserted = gate();
      const commit = gate();
      const first = one.begin(async (tx) => {
        const made = await postgresEngineParts(tx).leads.insert(lead('ada@acme.io'));
        inserted.open();
        await commit.opened;
        return made;
      });
      await inserted.opened;
      // The second insert waits on the first's uncommitted row (the unique email), then finds it.
      const second = two.begin((tx) => postgresEngineParts(tx).leads.insert(lead('ada@acme.io')));
      await lockWaiters(pg.sql(), 1);
      commit.open();
      const [a, b] = await Promise.all([first, second]);
      expect(a.created).toBe(true);
      expect(b).toEqual({ id: a.id, created: false });
      expect(await pg.sql()`SELECT id FROM leads`).toEqual([{ id: a.id }]);
    });

    it('the second creator takes the winner’s row lock: it cannot step the lead until the winner commits', async () => {
      const [one, two] = [pg.connect(1), pg.connect(1)];
      const inserted = gate();
      const commit = gate();
      const order: string[] = [];
      const first = one.begin(async (tx) => {
        await postgresEngineParts(tx).leads.insert(lead('ada@acme.io'));
        inserted.open();
        await commit.opened;
        order.push('first commits');
      });
      await inserted.opened;
      const second = two.begin(async (tx) => {
        const parts = postgresEngineParts(tx);
        const { id } = await parts.leads.insert(lead('ada@acme.io'));
        const row = (await parts.leads.byId(id))!;
        await parts.leads.update({ ...row, fit: row.fit + 5 }, row);
        order.push('second stepped');
      });
      await lockWaiters(pg.sql(), 1);
      commit.open();
      await Promise.all([first, second]);
      expect(order).toEqual(['first commits', 'second stepped']);
    });

    it('two units adding score to one lead never lose an update: the second waits for the first’s lock and reads its result', async () => {
      const [{ id }] = [await postgresEngineParts(pg.sql()).leads.insert(lead('ada@acme.io'))];
      const addScore = (sql: Sql, points: number, hold?: { locked: () => void; release: Promise<void> }) =>
        sql.begin(async (tx) => {
          const parts = postgresEngineParts(tx);
          await parts.leads.lock([id]);
          hold?.locked();
          await hold?.release;
          const before = (await parts.leads.byId(id))!;
          await parts.leads.update({ ...before, rank_key: before.rank_key + points, fit: before.fit + points }, before);
        });
      const locked = gate();
      const release = gate();
      const first = addScore(pg.connect(1), 3, { locked: locked.open, release: release.opened });
      await locked.opened;
      const second = addScore(pg.connect(1), 4);
      await lockWaiters(pg.sql(), 1);
      release.open();
      await Promise.all([first, second]);
      expect(await pg.sql()`SELECT fit, rank_key FROM leads WHERE id = ${id}`).toEqual([{ fit: 7, rank_key: 7 }]);
    });

    it('locks are taken in ascending id order whatever order the unit names them in', async () => {
      const parts = postgresEngineParts(pg.sql());
      const ids: number[] = [];
      for (const email of ['a@x.io', 'b@x.io', 'c@x.io']) ids.push((await parts.leads.insert(lead(email))).id);
      const [a, b, c] = ids as [number, number, number];
      // One unit holds b. A unit naming [c, a, b] must then hold a (below b) and wait on b, holding nothing above it.
      const holdB = gate();
      const releaseB = gate();
      const holder = pg.connect(1).begin(async (tx) => {
        await postgresEngineParts(tx).leads.lock([b]);
        holdB.open();
        await releaseB.opened;
      });
      await holdB.opened;
      const waiter = pg.connect(1).begin((tx) => postgresEngineParts(tx).leads.lock([c, a, b]));
      await lockWaiters(pg.sql(), 1);
      const free = async (leadId: number) =>
        (await pg.sql()`SELECT id FROM leads WHERE id = ${leadId} FOR UPDATE SKIP LOCKED`).length === 1;
      expect([await free(a), await free(c)]).toEqual([false, true]);
      releaseB.open();
      await Promise.all([holder, waiter]);
    });

    it('a rescore chunk holds its leads: ingest on another collector waits to step one until the chunk commits', async () => {
      const parts = postgresEngineParts(pg.sql());
      const [a, b] = [(await parts.leads.insert(lead('a@x.io'))).id, (await parts.leads.insert(lead('b@x.io'))).id];
      const read = gate();
      const commit = gate();
      const order: string[] = [];
      const rescore = pg.connect(1).begin(async (tx) => {
        expect((await postgresEngineParts(tx).leads.inputs(a, 10)).map((l) => l.row.id)).toEqual([b]);
        read.open();
        await commit.opened;
        order.push('rescore commits');
      });
      await read.opened;
      const ingest = pg.connect(1).begin(async (tx) => {
        await postgresEngineParts(tx).leads.lock([a, b]);
        order.push('ingest holds both');
      });
      await lockWaiters(pg.sql(), 1);
      commit.open();
      await Promise.all([rescore, ingest]);
      expect(order).toEqual(['rescore commits', 'ingest holds both']);
    });

    it('two collectors linking one browser at once: its anonymous events go to the first, and the second finds none left', async () => {
      const parts = postgresEngineParts(pg.sql());
      const [ada, bob] = [(await parts.leads.insert(lead('ada@acme.io'))).id, (await parts.leads.insert(lead('bob@x.io'))).id];
      const stored = await parts.log.append([
        newEvent({ visitorId: 'v', type: 'pageview', ts: T0 }),
        newEvent({ visitorId: 'v', type: 'pageview', ts: T0 + 1 }),
        newEvent({ visitorId: 'v', type: 'identify', ts: T0 + 2 }),
      ]);
      const linkSeq = stored[2]!.seq;
      const taken = gate();
      const commit = gate();
      const attribute = async (sql: Sql, leadId: number, hold?: { taken: () => void; commit: Promise<void> }) =>
        sql.begin(async (tx) => {
          const priors = await postgresEngineParts(tx).identity.attributeAnonymous('demo', 'v', linkSeq, leadId);
          hold?.taken();
          await hold?.commit;
          return priors.length;
        });
      const first = attribute(pg.connect(1), ada, { taken: taken.open, commit: commit.opened });
      await taken.opened;
      const second = attribute(pg.connect(1), bob);
      await lockWaiters(pg.sql(), 1);
      commit.open();
      expect(await Promise.all([first, second])).toEqual([2, 0]);
      expect(await pg.sql()`SELECT DISTINCT lead_id FROM events WHERE seq < ${linkSeq}`).toEqual([{ lead_id: ada }]);
    });
  },
);
