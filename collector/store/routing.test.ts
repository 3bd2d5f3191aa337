import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db/index.js';
import { postgresTestsEnabled, useTestDatabase } from '../../test/support/postgres.js';
import { numberedPlaceholders } from '../../test/support/query.js';
import { readsFixture, seedPostgres, seedSqlite } from '../../test/support/reads.js';
import type { RoutingReads, RoutingStore } from './port/routing.js';
import { createSqliteReads } from './sqlite/reads.js';
import { createPostgresReads } from './postgres/reads.js';
import { createSqliteStore, type SqliteStore } from './sqlite/index.js';
import { createPostgresRouting } from './postgres/routing.js';
import { migratePostgres } from './postgres/migrate.js';

const T0 = Date.UTC(2025, 0, 1);
const fixture = readsFixture(T0);

/** One store under test: a unit of work over its routing stores, on the seeded fixture (leads 1…40). */
interface Harness {
  run<T>(work: (routing: RoutingStore) => Promise<T>): Promise<T>;
  reads(): RoutingReads;
  /** Stage changes in lead_history (the engine's derived log), for the digest's window reads. */
  addStageChanges(rows: StageChangeRow[]): Promise<void>;
}

type StageChangeRow = [id: number, leadId: number, at: number, from: string | null, to: string];
const HISTORY_INSERT = `INSERT INTO lead_history (id, lead_id, at, kind, from_value, to_value, cause, score)
  VALUES (?, ?, ?, 'stage', ?, ?, 'event', 0)`;

function sqliteHarness(): Harness {
  let store: SqliteStore;
  beforeAll(() => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'krouting-')), 'k.db'));
    seedSqlite(db, fixture);
    store = createSqliteStore(db);
  });
  afterAll(() => store?.close());
  return {
    run: (work) => store.transaction((tx) => work(tx.routing)),
    reads: () => createSqliteReads(store.db).routing,
    async addStageChanges(rows) {
      const insert = store.db.prepare(HISTORY_INSERT);
      for (const row of rows) insert.run(...row);
    },
  };
}

function postgresHarness(): Harness & { concurrently<T>(works: ((routing: RoutingStore) => Promise<T>)[]): Promise<T[]> } {
  const pg = useTestDatabase();
  beforeAll(async () => {
    await migratePostgres(pg.sql);
    await seedPostgres(pg.sql, fixture);
  });
  const run = <T>(work: (routing: RoutingStore) => Promise<T>) => pg.sql.begin((tx) => work(createPostgresRouting(tx))) as Promise<T>;
  return {
    run,
    reads: () => createPostgresReads(pg.sql).routing,
    async addStageChanges(rows) {
      for (const row of rows) await pg.sql.unsafe(numberedPlaceholders(HISTORY_INSERT), row);
    },
    /** Each work in a transaction of its own connection, all open at once. */
    async concurrently(works) {
      const clients = works.map(() => pg.connect({ max: 1 }));
      return Promise.all(works.map((work, i) => clients[i]!.begin((tx) => work(createPostgresRouting(tx))) as Promise<never>));
    },
  };
}

const STORES = [
  { name: 'SQLite', enabled: true, harness: sqliteHarness },
  { name: 'PostgreSQL', enabled: postgresTestsEnabled('collector/store/routing.test.ts'), harness: postgresHarness },
];

for (const store of STORES) {
  describe.runIf(store.enabled)(`routing stores on ${store.name}`, () => {
    const h = store.harness();

    it('assign sets, changes and clears the owner, recording each change once (no change, no record)', async () => {
      await h.run(async (r) => {
        expect(await r.ownerOf(2)).toBeNull();
        expect(await r.assign(2, 11, T0 + 1, 'rule:dach', null)).toBeNull();
        expect(await r.assign(2, 11, T0 + 2, 'rule:dach', null)).toBe(11);
        expect(await r.assign(2, 12, T0 + 3, 'manual', 'user:1')).toBe(11);
        expect(await r.ownerOf(2)).toBe(12);
        expect(await r.assign(2, null, T0 + 4, 'manual', 'token')).toBe(12);
        expect(await r.ownerOf(2)).toBeNull();
        expect(await r.history(2)).toEqual([
          { at: T0 + 1, fromUserId: null, toUserId: 11, how: 'rule:dach', actor: null },
          { at: T0 + 3, fromUserId: 11, toUserId: 12, how: 'manual', actor: 'user:1' },
          { at: T0 + 4, fromUserId: 12, toUserId: null, how: 'manual', actor: 'token' },
        ]);
      });
    });

    it('the first owned lead of a company sets its owner; later claims keep it', async () => {
      await h.run(async (r) => {
        expect(await r.accountOwner('acme.io')).toBeNull();
        expect(await r.claimAccount('acme.io', 11, T0)).toBe(true);
        expect(await r.claimAccount('acme.io', 12, T0 + 1)).toBe(false);
        expect(await r.accountOwner('acme.io')).toBe(11);
      });
    });

    it('nextTurn counts 0, 1, 2… per counter', async () => {
      const turns = await h.run(async (r) => [await r.nextTurn('a'), await r.nextTurn('a'), await r.nextTurn('b'), await r.nextTurn('a')]);
      expect(turns).toEqual([0, 1, 0, 2]);
    });

    it('leadFacts: company domain, sites seen on, traits by key', async () => {
      expect(await h.run((r) => r.leadFacts(1))).toEqual({
        domain: 'globex.com',
        sites: ['demo'],
        traits: { title: '"CTO"', company_size: '120' },
      });
      expect(await h.run((r) => r.leadFacts(3))).toEqual({ domain: null, sites: [], traits: {} });
    });

    it('digest opt-in per user, and each day of a user is claimed once', async () => {
      await h.run(async (r) => {
        expect(await r.digestOptIn(11)).toBe(false);
        await r.setDigestOptIn(11, true);
        await r.setDigestOptIn(13, true);
        await r.setDigestOptIn(12, false);
        expect(await r.digestOptIn(11)).toBe(true);
        expect(await r.digestSubscribers()).toEqual([11, 13]);
        await r.setDigestOptIn(13, false);
        expect(await r.digestSubscribers()).toEqual([11]);
        expect(await r.claimDigest(11, '2025-01-02', T0)).toBe(true);
        expect(await r.claimDigest(11, '2025-01-02', T0 + 1)).toBe(false);
        expect(await r.claimDigest(11, '2025-01-03', T0 + 2)).toBe(true);
        expect(await r.lastDigest(11)).toEqual({ day: '2025-01-03', at: T0 + 2 });
        expect(await r.lastDigest(13)).toBeNull();
      });
    });

    it('digest reads: stage changes touching near-SQL/SQL in a window, newest first, by owner; overdue SQLs of one owner', async () => {
      await h.addStageChanges([
        [101, 6, T0 + 100, 'mql', 'near_sql'],
        [102, 7, T0 + 200, 'near_sql', 'sql'],
        [103, 8, T0 + 300, 'sql', 'mql'],
        [104, 10, T0 + 300, 'lead', 'mql'], // not hot: left out
        [105, 6, T0 + 400, 'near_sql', 'sql'],
        [106, 11, T0 + 500, 'mql', 'sql'], // after the window
      ]);
      await h.run(async (r) => {
        await r.assign(6, 31, T0, 'manual', null);
        await r.assign(8, 31, T0, 'manual', null);
        await r.assign(17, 31, T0, 'manual', null);
        await r.assign(25, 32, T0, 'manual', null);
      });
      const reads = h.reads();
      expect(await reads.hotStageChanges(T0 + 100, T0 + 400, null, 10)).toEqual([
        { leadId: 6, at: T0 + 400, from: 'near_sql', to: 'sql' },
        { leadId: 8, at: T0 + 300, from: 'sql', to: 'mql' },
        { leadId: 7, at: T0 + 200, from: 'near_sql', to: 'sql' },
      ]);
      expect((await reads.hotStageChanges(T0, T0 + 400, 31, 10)).map((c) => [c.leadId, c.at])).toEqual([
        [6, T0 + 400],
        [8, T0 + 300],
        [6, T0 + 100],
      ]);
      expect(await reads.hotStageChanges(T0, T0 + 400, 31, 1)).toHaveLength(1);
      expect(await reads.hotStageChanges(T0, T0 + 400, 99, 10)).toEqual([]);
      // SQL leads of the fixture: ids ≡ 1 (mod 4), sql_since = T0 + id.
      expect(await reads.overdueOwnedBy(31, T0 + 40, 10)).toEqual([17]);
      expect(await reads.overdueOwnedBy(32, T0 + 24, 10)).toEqual([]);
      expect(await reads.overdueOwnedBy(32, T0 + 25, 10)).toEqual([25]);
    });

    it('overdue: SQLs without a disposition since the cutoff, oldest first, until marked for that spell', async () => {
      // SQL leads of the fixture: ids ≡ 1 (mod 4), sql_since = T0 + id; 9 is rejected and 21 won.
      await h.run(async (r) => {
        await r.assign(5, 11, T0, 'round-robin', null);
        expect(await r.overdueWithout('reminded', T0 + 13, 10)).toEqual([
          { leadId: 1, sqlSince: T0 + 1, ownerId: null },
          { leadId: 5, sqlSince: T0 + 5, ownerId: 11 },
          { leadId: 13, sqlSince: T0 + 13, ownerId: null },
        ]);
        expect(await r.mark(5, T0 + 5, 'reminded', T0 + 100)).toBe(true);
        expect(await r.mark(5, T0 + 5, 'reminded', T0 + 101)).toBe(false);
        expect((await r.overdueWithout('reminded', T0 + 13, 10)).map((o) => o.leadId)).toEqual([1, 13]);
        expect((await r.overdueWithout('escalated', T0 + 13, 2)).map((o) => o.leadId)).toEqual([1, 5]);
        // Another spell of the same lead (SQL again later) is a new overdue.
        expect(await r.mark(5, T0 + 999, 'reminded', T0 + 1000)).toBe(true);
      });
    });

    it("reads: owners of a page, a user's leads, overdue SQLs, owner history", async () => {
      await h.run(async (r) => {
        await r.assign(30, 21, T0, 'rule:x', null);
        await r.assign(31, 21, T0, 'round-robin', null);
        await r.assign(32, 22, T0, 'manual', 'user:1');
      });
      const reads = h.reads();
      expect(await reads.owners([32, 30, 33])).toEqual([
        { leadId: 30, userId: 21 },
        { leadId: 32, userId: 22 },
      ]);
      expect(await reads.owners([])).toEqual([]);
      expect(await reads.ownedLeadIds(21, 10)).toEqual([30, 31]);
      expect(await reads.ownedLeadIds(21, 1)).toEqual([30]);
      expect(await reads.overdueLeadIds(T0 + 5, 10)).toEqual([1, 5]);
      expect(await reads.ownerHistory(32)).toEqual([{ at: T0, fromUserId: null, toUserId: 22, how: 'manual', actor: 'user:1' }]);
    });

    if (store.name === 'PostgreSQL') {
      const pg = h as ReturnType<typeof postgresHarness>;
      it('two collectors taking round-robin turns at once get different turns (the counter row orders them)', async () => {
        await pg.run((r) => r.nextTurn('fleet'));
        const turns = await pg.concurrently(Array.from({ length: 6 }, () => (r: RoutingStore) => r.nextTurn('fleet')));
        expect(turns.sort()).toEqual([1, 2, 3, 4, 5, 6]);
      });
      it('two collectors marking the same reminder at once: exactly one records it', async () => {
        const marked = await pg.concurrently([0, 1, 2].map((i) => (r: RoutingStore) => r.mark(13, T0 + 13, 'escalated', T0 + i)));
        expect(marked.filter(Boolean)).toHaveLength(1);
      });
    }
  });
}
