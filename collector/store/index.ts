import type { Config } from '../config/index.js';
import { openDatabase } from '../db/index.js';
import { markDatabaseInUse } from '../db/in-use.js';
import { openSource } from '../backtest/source.js';
import type { StoragePort } from './port/index.js';
import { openPostgresStore } from './postgres/store.js';
import { createSqliteReads } from './sqlite/reads.js';
import { createSqliteStore, type SqliteStore } from './sqlite/index.js';

/** The SQLite store as a collector uses it; `db` stays reachable for tools and tests on SQLite. */
export type SqliteCollectorStore = StoragePort & Pick<SqliteStore, 'db' | 'tx'>;
export type CollectorStore = StoragePort & { readonly db?: SqliteStore['db'] };

/**
 * The one place a collector gets its store from: PostgreSQL when `KINDLING_DATABASE_URL` is set
 * (a fleet of collectors on one database), else the SQLite file at `server.db` / `KINDLING_DB`,
 * opened, migrated and marked in use (so `npm run rescore` refuses while a collector has it).
 */
export async function openStore(config: Pick<Config, 'dbPath' | 'databaseUrl'>): Promise<CollectorStore> {
  if (config.databaseUrl) return openPostgresStore(config.databaseUrl);
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
    openBacktestSource: async () => openSource(dbPath, db),
    rescoreSnapshotPath: db.memory ? null : db.name,
    async close() {
      await store.close();
      release();
    },
  };
}
