import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoringSchema } from '../engine/config.js';
import { compileRules } from '../engine/rules/compile.js';
import { openDatabase } from '../db/index.js';
import { postgresTestsEnabled, useTestDatabase } from '../../test/support/postgres.js';
import { buildFixture, CURRENT, PROPOSED, NOW } from '../../test/support/backtest-fixture.js';
import { copyTables } from '../../test/support/reads.js';
import { migratePostgres } from '../store/postgres/migrate.js';
import { openPostgresSource, openSource, type BacktestSource } from './source.js';
import { runBacktest } from './run.js';

/** Everything the engine's replay reads, parents first. */
const TABLES = ['leads', 'events', 'lead_actions', 'lead_state', 'lead_history', 'lead_traits'];

describe.runIf(postgresTestsEnabled('collector/backtest/postgres-source.test.ts'))('the backtest on a PostgreSQL snapshot', () => {
  const pg = useTestDatabase();
  let fx: Awaited<ReturnType<typeof buildFixture>>;
  beforeAll(async () => {
    fx = await buildFixture();
    await migratePostgres(pg.sql);
    const db = openDatabase(fx.dbPath);
    try {
      await copyTables(db, pg.sql, TABLES);
    } finally {
      db.close();
    }
  });
  afterAll(() => fx?.cleanup());

  const run = async (source: BacktestSource) => {
    try {
      const report = await runBacktest({
        source,
        current: compileRules(scoringSchema.parse(CURRENT)),
        proposed: compileRules(scoringSchema.parse(PROPOSED)),
        now: NOW,
        chunkLeads: 4,
      });
      return { ...report, ms: 0 };
    } finally {
      await source.close();
    }
  };

  it('reports exactly what the SQLite snapshot of the same rows reports', async () => {
    const onSqlite = await run(openSource(fx.dbPath));
    expect(onSqlite.leads).toBe(6);
    expect(await run(await openPostgresSource(pg.sql))).toEqual(onSqlite);
  });

  it('sees one snapshot: rows another collector commits while it runs are not in it', async () => {
    const source = await openPostgresSource(pg.sql);
    let first: Awaited<ReturnType<BacktestSource['leads']>>[number] | undefined;
    const other = pg.connect();
    try {
      [first] = await source.leads(0, 1);
      const count = await source.leadCount();
      await other`INSERT INTO events (seq, site, event_id, visitor_id, lead_id, type, ts, received_at, props)
        VALUES (100000, 'demo', 'late-1', 'v1', ${first!.id}, 'pageview', ${NOW}, ${NOW}, '{}')`;
      await other`INSERT INTO leads (id, email, created_at, created_seq, stage, stage_changed_at) VALUES (100000, 'new@acme.io', ${NOW}, 1, 'lead', ${NOW})`;
      expect((await source.leads(0, 1))[0]!.events).toEqual(first!.events);
      expect(await source.leadCount()).toBe(count);
    } finally {
      await source.close();
    }
    const fresh = await openPostgresSource(pg.sql);
    try {
      expect(await fresh.leadCount()).toBe(7);
      expect((await fresh.leads(0, 1))[0]!.events.length).toBe(first!.events.length + 1);
    } finally {
      await fresh.close();
    }
  });
});
