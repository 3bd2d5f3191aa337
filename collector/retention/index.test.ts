import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type DB } from '../db/index.js';
import type { NewEvent } from '../events/types.js';
import { newEvent } from '../../test/support/engine.js';
import { postgresTestsEnabled, useTestDatabase, type TestDatabase } from '../../test/support/postgres.js';
import { createSqliteParts } from '../store/sqlite/parts.js';
import { createSqliteStore } from '../store/sqlite/index.js';
import { migratePostgres } from '../store/postgres/migrate.js';
import { createPostgresEventLog } from '../store/postgres/event-log.js';
import { postgresRetentionStore } from '../store/postgres/retention.js';
import { runRetention, sweepRetention, type RetentionStore } from './index.js';

const DAY = 24 * 3600 * 1000;
const T0 = Date.UTC(2026, 0, 1);

/** One store under test: retention's port on it, an append, and the seqs left in the log. */
interface Harness {
  store(): RetentionStore;
  append(events: NewEvent[]): Promise<void>;
  seqs(): Promise<number[]>;
}

function sqliteHarness(): Harness {
  let db: DB;
  let store: RetentionStore;
  beforeEach(() => {
    db?.close();
    db = openDatabase(join(mkdtempSync(join(tmpdir(), 'kretention-')), 'k.db'));
    store = createSqliteStore(db);
  });
  afterAll(() => db?.close());
  return {
    store: () => store,
    append: async (events) => void (await createSqliteParts(db).log.append(events)),
    seqs: async () => (db.prepare('SELECT seq FROM events ORDER BY seq').all() as { seq: number }[]).map((r) => r.seq),
  };
}

let pg: TestDatabase;
function postgresHarness(): Harness {
  pg = useTestDatabase();
  let migrated = false;
  beforeEach(async () => {
    if (!migrated) await migratePostgres(pg.sql);
    migrated = true;
    await pg.sql`TRUNCATE events, visitors RESTART IDENTITY CASCADE`;
  });
  return {
    store: () => postgresRetentionStore(pg.sql),
    append: async (events) => void (await createPostgresEventLog(pg.sql).append(events)),
    seqs: async () => (await pg.sql<{ seq: number }[]>`SELECT seq FROM events ORDER BY seq`).map((r) => r.seq),
  };
}

const STORES = [
  { name: 'SQLite', enabled: true, harness: sqliteHarness },
  { name: 'PostgreSQL', enabled: postgresTestsEnabled('collector/retention/index.test.ts'), harness: postgresHarness },
];
const received = (at: number) => newEvent({ visitorId: 'v', type: 'pageview', ts: at, receivedAt: at });

for (const kind of STORES) {
  describe.runIf(kind.enabled)(`retention on ${kind.name}`, () => {
    const h = kind.harness();

    it('deletes only events received before the cutoff, in chunks', async () => {
      await h.append([received(T0), received(T0 + 1), received(T0 + 2), received(T0 + 40 * DAY)]);
      const deleted = await sweepRetention({ store: h.store(), eventsDays: 30, clock: () => T0 + 40 * DAY, chunkRows: 2 });
      expect(deleted).toBe(3);
      expect(await h.seqs()).toEqual([4]);
    });

    it('never deletes an event younger than the cutoff; one stored after a clock stepped back goes with the next expiry', async () => {
      // seq 1 on day 0, seq 2 on day 40, seq 3 on day 0 again: the clock stepped back.
      await h.append([received(T0), received(T0 + 40 * DAY), received(T0)]);
      const sweep = (now: number) => sweepRetention({ store: h.store(), eventsDays: 30, clock: () => now, chunkRows: 1 });
      expect(await sweep(T0 + 45 * DAY)).toBe(1);
      // Seq 2 is young and stays; seq 3, behind it in the log, waits for it (late, never early).
      expect(await h.seqs()).toEqual([2, 3]);
      expect(await sweep(T0 + 75 * DAY)).toBe(2);
      expect(await h.seqs()).toEqual([]);
    });

    it('keeps everything when eventsDays is null', async () => {
      await h.append([received(T0)]);
      expect(await runRetention({ store: h.store(), eventsDays: null, clock: () => T0 + 1000 * DAY })).toBe(0);
      expect(await h.seqs()).toEqual([1]);
    });

    it('runs a round through the fleet lock (a fleet of one on SQLite always gets it)', async () => {
      await h.append([received(T0), received(T0 + 1)]);
      expect(await runRetention({ store: h.store(), eventsDays: 1, clock: () => T0 + 2 * DAY })).toBe(2);
      expect(await h.seqs()).toEqual([]);
    });

    if (kind.name === 'PostgreSQL') {
      it('skips the round while another collector runs retention, and runs once it is done', async () => {
        await h.append([received(T0)]);
        const other = postgresRetentionStore(pg.connect({ max: 2 }));
        let finish!: () => void;
        let started!: () => void;
        const running = new Promise<void>((resolve) => (started = resolve));
        const elsewhere = other.fleet.runOnce('retention', () => {
          started();
          return new Promise<void>((resolve) => (finish = resolve));
        });
        await running;
        const options = { store: h.store(), eventsDays: 1, clock: () => T0 + 2 * DAY };
        expect(await runRetention(options)).toBeNull();
        expect(await h.seqs()).toEqual([1]);
        finish();
        await elsewhere;
        expect(await runRetention(options)).toBe(1);
      });
    }
  });
}
