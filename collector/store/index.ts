import type { Config } from '../config/index.js';
import { openDatabase } from '../db/index.js';
import { createSqliteStore, type SqliteStore } from './sqlite/index.js';

/**
 * The one place a collector gets its store from: today the SQLite file at `server.db` /
 * `KINDLING_DB`, opened and migrated. (PostgreSQL joins here when its store runs end to end.)
 */
export async function openStore(config: Pick<Config, 'dbPath'>): Promise<SqliteStore> {
  return createSqliteStore(openDatabase(config.dbPath));
}
