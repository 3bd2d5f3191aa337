import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type DB } from '../db/index.js';
import { createWriter, type Writer } from '../writer/index.js';
import { postgresTestsEnabled, useTestDatabase } from '../../test/support/postgres.js';
import { createSqliteStore } from '../store/sqlite/index.js';
import { createSqliteTeamReads } from '../store/sqlite/team.js';
import { postgresSessionStore } from '../store/postgres/sessions.js';
import { migratePostgres } from '../store/postgres/migrate.js';
import { createSessionStore, SESSION_COOKIE, writerSessionRows, type SessionRows } from './sessions.js';

/** Two collectors' session rows on one database, and a count of stored rows. */
interface Harness {
  collectors(): [SessionRows, SessionRows];
  storedCount(): Promise<number>;
}

function sqliteHarness(): Harness {
  let db: DB;
  let store: ReturnType<typeof createSqliteStore>;
  let writer: Writer;
  beforeAll(() => {
    db = openDatabase(join(mkdtempSync(join(tmpdir(), 'ksessions-')), 'k.db'));
    store = createSqliteStore(db);
    writer = createWriter({ store, batchWindowMs: 0, log: () => {} });
  });
  afterAll(() => db?.close());
  return {
    // One process: both "collectors" share the writer, as two requests do.
    collectors: () => [writerSessionRows(createSqliteTeamReads(db), writer), writerSessionRows(createSqliteTeamReads(db), writer)],
    storedCount: async () => (db.prepare('SELECT COUNT(*) AS n FROM dashboard_sessions').get() as { n: number }).n,
  };
}

function postgresHarness(): Harness {
  const pg = useTestDatabase();
  let other: ReturnType<typeof pg.connect>;
  beforeAll(async () => {
    await migratePostgres(pg.sql);
    other = pg.connect();
  });
  return {
    // Two pools: two collector processes on one database.
    collectors: () => [postgresSessionStore(pg.sql), postgresSessionStore(other)],
    storedCount: async () => (await pg.sql<{ n: number }[]>`SELECT count(*) AS n FROM dashboard_sessions`)[0]!.n,
  };
}

const STORES = [
  { name: 'SQLite', enabled: true, harness: sqliteHarness },
  { name: 'PostgreSQL', enabled: postgresTestsEnabled('collector/dashboard/sessions.test.ts'), harness: postgresHarness },
];
const T0 = Date.UTC(2025, 0, 1);
const TOKEN = 'kt_test-admin-token-0123456789';

for (const store of STORES) {
  describe.runIf(store.enabled)(`dashboard sessions on ${store.name}`, () => {
    const h = store.harness();

    it('a sign-in on one collector is valid on the other; signing out there ends it on both; expired rows are swept', async () => {
      const clock = { now: T0 };
      const [rowsA, rowsB] = h.collectors();
      const a = createSessionStore({ rows: rowsA, adminToken: TOKEN, ttlMs: 1000, clock: () => clock.now });
      const b = createSessionStore({ rows: rowsB, adminToken: TOKEN, ttlMs: 1000, clock: () => clock.now });
      const first = await a.create();
      const cookie = `${SESSION_COOKIE}=${first.id}`;
      expect(await b.expiresAt(first.id)).toBe(T0 + 1000);
      expect(await b.check(cookie)).toEqual({ expiresAt: T0 + 1000, user: null });
      expect(await b.check(`${SESSION_COOKIE}=${'x'.repeat(43)}`)).toBeNull();
      expect(await b.check(undefined)).toBeNull();
      // Another token (a rotated KINDLING_ADMIN_TOKEN) hashes ids differently: the session is unknown to it.
      const rotated = createSessionStore({ rows: rowsB, adminToken: `${TOKEN}-new`, ttlMs: 1000, clock: () => clock.now });
      expect(await rotated.check(cookie)).toBeNull();

      const second = await b.create();
      await b.destroy(first.id);
      expect(await a.check(cookie)).toBeNull();
      expect(await a.expiresAt(second.id)).toBe(T0 + 1000);

      clock.now = T0 + 1000;
      expect(await a.expiresAt(second.id)).toBeNull();
      expect(await h.storedCount()).toBe(1);
      await a.create();
      expect(await h.storedCount()).toBe(1);
    });
  });
}
