import { beforeAll, describe, expect, it } from 'vitest';
import { newEvent } from '../../engine/test-support.js';
import type { StoredEvent } from '../../events/types.js';
import { postgresTestsEnabled, useTestDatabase } from '../../../test/support/postgres.js';
import { createPostgresEventLog } from './event-log.js';
import { migratePostgres } from './migrate.js';

const T0 = Date.UTC(2025, 0, 1);

/** A promise with its resolve function, to hold a transaction open at a chosen point. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe.runIf(postgresTestsEnabled('collector/store/postgres/event-log.test.ts'))('event log on PostgreSQL with several collectors', () => {
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
    const [row] = await pg.sql<{ n: number; distinct_seq: number }[]>`SELECT COUNT(*)::bigint AS n, COUNT(DISTINCT seq)::bigint AS distinct_seq FROM events`;
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
});
