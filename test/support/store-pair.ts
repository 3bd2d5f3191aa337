import { afterAll, beforeEach } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type DB } from '../../collector/db/index.js';
import { migratePostgres } from '../../collector/store/postgres/migrate.js';
import type { SqlOrTx } from '../../collector/store/postgres/connect.js';
import { useTestDatabase } from './postgres.js';

/** The SQLite side of a cross-store behaviour table: a fresh migrated file per test, the stores built on it. */
export function sqliteStoresPerTest<S>(make: (db: DB) => S): () => S {
  let db: DB;
  let stores: S;
  beforeEach(() => {
    db?.close();
    db = openDatabase(join(mkdtempSync(join(tmpdir(), 'kstores-')), 'k.db'));
    stores = make(db);
  });
  afterAll(() => db?.close());
  return () => stores;
}

/** The PostgreSQL side: the test database migrated once, the listed tables emptied before each test. */
export function postgresStoresPerTest<S>(
  truncate: (sql: ReturnType<typeof useTestDatabase>['sql']) => Promise<unknown>,
  make: (sql: SqlOrTx) => S,
): () => S {
  const pg = useTestDatabase();
  let migrated = false;
  beforeEach(async () => {
    if (!migrated) await migratePostgres(pg.sql);
    migrated = true;
    await truncate(pg.sql);
  });
  return () => make(pg.sql);
}
