import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { newEvent } from '../../../test/support/engine.js';
import type { StoredEvent } from '../../events/types.js';
import { postgresTestsEnabled, useTestDatabase } from '../../../test/support/postgres.js';
import { createPostgresEventLog } from './event-log.js';
import { migratePostgres } from './migrate.js';
import { createPostgresSessions } from './sessions.js';
import { createFleetLocks, FLEET_JOB_KEYS } from './fleet-locks.js';
import { inTransaction, type Tx } from './transaction.js';

const T0 = Date.UTC(2025, 0, 1);

/** A promise with its resolve function, to hold a transaction open at a chosen point. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe.runIf(postgresTestsEnabled('collector/store/postgres/fleet.test.ts'))('several collectors on one PostgreSQL', () => {
  const pg = useTestDatabase();
  beforeAll(() => migratePostgres(pg.sql).then(() => undefined));

  it('two collectors appending the same batches at once: each event stored once and reported new by exactly one', async () => {
    const collectors = [pg.connect({ max: 2 }), pg.connect({ max: 2 })];
    const batches = Array.from({ length: 20 }, (_, round) =>
      Array.from({ length: 10 }, (_, i) => newEvent({ visitorId: `v${i % 3}`, type: 'pageview', ts: T0 + round * 100 + i })),
    );
    const reported: StoredEvent[] = [];
    for (const batch of batches) {
      const results = await Promise.all(collectors.map((sql) => sql.begin((tx) => createPostgresEventLog(tx).append(batch))));
      for (const r of results) reported.push(...r);
    }
    const ids = batches.flat().map((e) => e.eventId);
    expect(reported.map((e) => e.eventId).sort()).toEqual([...ids].sort());
    const [row] = await pg.sql<
      { n: number; distinct_seq: number }[]
    >`SELECT COUNT(*)::bigint AS n, COUNT(DISTINCT seq)::bigint AS distinct_seq FROM events`;
    expect(row).toEqual({ n: ids.length, distinct_seq: ids.length });
  });

  it("waits for another collector's open transaction: nothing new once it commits, everything once it rolls back", async () => {
    for (const outcome of ['commit', 'rollback'] as const) {
      const e = newEvent({ visitorId: 'race', type: 'pageview', ts: T0 });
      const inserted = gate();
      const finish = gate();
      const first = pg.connect({ max: 1 });
      const second = pg.connect({ max: 1 });
      const holder = first
        .begin(async (tx) => {
          await createPostgresEventLog(tx).append([e]);
          inserted.open();
          await finish.opened;
          if (outcome === 'rollback') throw new Error('rolled back on purpose');
        })
        .catch((err: Error) => err.message);
      await inserted.opened;
      const waiting = createPostgresEventLog(second).append([e]);
      finish.open();
      const [held, appended] = await Promise.all([holder, waiting]);
      if (outcome === 'commit') {
        expect(held).toBeUndefined();
        expect(appended).toEqual([]);
      } else {
        expect(held).toBe('rolled back on purpose');
        expect(appended.map((x) => x.eventId)).toEqual([e.eventId]);
      }
      const rows = await pg.sql`SELECT seq FROM events WHERE event_id = ${e.eventId}`;
      expect(rows).toHaveLength(1);
    }
  });

  it('a dashboard session created through one collector is live on another, and signing out there ends it everywhere', async () => {
    const [one, two] = [createPostgresSessions(pg.connect({ max: 1 })), createPostgresSessions(pg.connect({ max: 1 }))];
    await one.insert({ idHash: 'f'.repeat(64), createdAt: T0, expiresAt: T0 + 60_000 });
    expect(await two.liveUntil('f'.repeat(64), T0 + 1)).toBe(T0 + 60_000);
    await two.remove('f'.repeat(64));
    expect(await one.liveUntil('f'.repeat(64), T0 + 1)).toBeNull();
  });

  it('a deadlock between two collectors: PostgreSQL aborts one, which runs again whole and both take effect', async () => {
    await pg.sql`CREATE TABLE counters (id int PRIMARY KEY, v int NOT NULL)`;
    await pg.sql`INSERT INTO counters VALUES (1, 0), (2, 0)`;
    const bothHoldOne = [gate(), gate()];
    let runs = 0;
    // Each takes its first row, waits until the other holds its own, then wants the other's row.
    const crosswise = (first: number, second: number, me: number) => async (tx: Tx) => {
      runs++;
      await tx`UPDATE counters SET v = v + 1 WHERE id = ${first}`;
      bothHoldOne[me]!.open();
      await bothHoldOne[1 - me]!.opened;
      await tx`UPDATE counters SET v = v + 1 WHERE id = ${second}`;
    };
    const [a, b] = [pg.connect({ max: 1 }), pg.connect({ max: 1 })];
    await Promise.all([inTransaction(a, crosswise(1, 2, 0)), inTransaction(b, crosswise(2, 1, 1))]);
    expect(runs).toBe(3);
    expect([...(await pg.sql`SELECT id, v FROM counters ORDER BY id`)]).toEqual([
      { id: 1, v: 2 },
      { id: 2, v: 2 },
    ]);
  });

  it('other errors are not retried, and retrying stops after the policy’s attempts', async () => {
    let runs = 0;
    const duplicate = inTransaction(pg.sql, async (tx) => {
      runs++;
      await tx`INSERT INTO settings (key, value) VALUES ('twice', '1'), ('twice', '2')`;
    });
    await expect(duplicate).rejects.toMatchObject({ code: '23505' });
    expect(runs).toBe(1);
    runs = 0;
    const alwaysConflicting = inTransaction(
      pg.sql,
      async (tx) => {
        runs++;
        await tx`DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '40001'; END $$`;
      },
      { attempts: 3, baseDelayMs: 1 },
    );
    await expect(alwaysConflicting).rejects.toMatchObject({ code: '40001' });
    expect(runs).toBe(3);
    expect(await pg.sql`SELECT 1 FROM settings WHERE key = 'twice'`).toHaveLength(0);
  });

  it('a fleet-once job runs on one collector at a time; the others skip it; other jobs are not blocked', async () => {
    const [one, two] = [createFleetLocks(pg.connect({ max: 2 })), createFleetLocks(pg.connect({ max: 2 }))];
    const running = gate();
    const release = gate();
    const first = one.runOnce('sweep', async () => {
      running.open();
      await release.opened;
      return 'swept';
    });
    await running.opened;
    expect(await two.runOnce('sweep', async () => 'twice')).toBeNull();
    expect(await two.runOnce('retention', async () => 'retained')).toBe('retained');
    release.open();
    expect(await first).toBe('swept');
    expect(await two.runOnce('sweep', async () => 'now here')).toBe('now here');
  });

  it('a collector that dies holding a job frees it for another', async () => {
    // The dying collector is a real client process holding the job's lock, killed with SIGKILL: its
    // connection drops as a dead collector's would, and the server frees its session locks.
    // The session stays open and idle after taking the lock, as a collector's lock connection does
    // between queries (a backend busy in a long query would notice the lost client only when it next talks to it).
    const dying = spawn('psql', [pg.url, '-v', 'ON_ERROR_STOP=1'], { stdio: ['pipe', 'ignore', 'ignore'] });
    dying.stdin!.write(`SELECT pg_advisory_lock(${FLEET_JOB_KEYS.rescore});\n`);
    const dead = new Promise((resolve) => dying.on('exit', resolve));
    const survivor = createFleetLocks(pg.connect({ max: 1 }));
    let ran = 0;
    const take = () => survivor.runOnce('rescore', async () => ++ran);
    // Wait until the dying one holds the lock (it connects in its own time): then the survivor must not run.
    const holds = () =>
      pg.sql`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid = ${FLEET_JOB_KEYS.rescore % 2 ** 32}`;
    for (let tries = 0; (await holds()).length === 0; tries++) {
      if (tries > 400) throw new Error('the psql client never took the lock');
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(await take()).toBeNull();
    dying.kill('SIGKILL');
    await dead;
    // The server notices the dropped connection asynchronously: the lock is free once that backend exited.
    let taken: number | null = null;
    for (let tries = 0; taken === null && tries < 400; tries++) {
      taken = await take();
      if (taken === null) await new Promise((r) => setTimeout(r, 25));
    }
    expect(taken).toBe(1);
  });
});
