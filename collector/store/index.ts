import type { Config } from '../config/index.js';
import { openDatabase } from '../db/index.js';
import { markDatabaseInUse } from '../db/in-use.js';
import { openPostgresSource, openSource, type BacktestSource } from '../backtest/source.js';
import type { StoragePort } from './port/index.js';
import type { Sql } from './postgres/connect.js';
import { openPostgresStore } from './postgres/store.js';
import { createSqliteReads } from './sqlite/reads.js';
import { createSqliteStore, type SqliteStore } from './sqlite/index.js';
import { createSqliteTeamReads } from './sqlite/team.js';

/** The SQLite store as a collector uses it; `db` stays reachable for tools and tests on SQLite. */
export type SqliteCollectorStore = CollectorStore & Pick<SqliteStore, 'db' | 'tx'>;

/** The port plus what the composition root wires: the backtest's snapshot (the SQLite file for tools and tests). */
export interface CollectorStore extends StoragePort {
  /** A consistent read-only snapshot of the rows the backtest replays. */
  openBacktestSource(): Promise<BacktestSource>;
  readonly db?: SqliteStore['db'];
  /** The PostgreSQL pool behind the port, for tools and tests (absent on SQLite). */
  readonly sql?: Sql;
}

/**
 * The one place a collector gets its store from: PostgreSQL when `KINDLING_DATABASE_URL` is set
 * (a fleet of collectors on one database), else the SQLite file at `server.db` / `KINDLING_DB`,
 * opened, migrated and marked in use (so `npm run rescore` refuses while a collector has it).
 */
export async function openStore(config: Pick<Config, 'dbPath' | 'databaseUrl'>): Promise<CollectorStore> {
  if (config.databaseUrl) {
    const store = await openPostgresStore(config.databaseUrl);
    return { ...store, openBacktestSource: () => openPostgresSource(store.sql) };
  }
  return openSqliteStore(config.dbPath);
}

export function openSqliteStore(dbPath: string): SqliteCollectorStore {
  const db = openDatabase(dbPath);
  const release = markDatabaseInUse(dbPath, Date.now());
  const store = createSqliteStore(db);
  return {
    ...store,
    location: dbPath,
    reads: createSqliteReads(db),
    sessionReads: store.tx.sessions,
    team: createSqliteTeamReads(db, store.tx),
    openBacktestSource: async () => openSource(dbPath, db),
    rescoreSnapshotPath: db.memory ? null : db.name,
    async close() {
      await store.close();
      release();
    },
  };
}
