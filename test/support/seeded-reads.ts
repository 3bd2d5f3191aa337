import { afterAll, beforeAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type DB } from '../../collector/db/index.js';
import type { ApiReads } from '../../collector/store/port/reads.js';
import { createSqliteReads } from '../../collector/store/sqlite/reads.js';
import { createPostgresReads } from '../../collector/store/postgres/reads.js';
import { migratePostgres } from '../../collector/store/postgres/migrate.js';
import { postgresTestsEnabled, useTestDatabase } from './postgres.js';
import { seedPostgres, seedSqlite, type ReadsFixture } from './reads.js';

/**
 * Both stores seeded with one fixture, for a behaviour table over the API's reads: call `harness()`
 * at the top of the store's describe block; it returns the store's reads once seeded.
 */
export function seededStores(file: string, fixture: ReadsFixture) {
  const sqlite = (): (() => ApiReads) => {
    let db: DB;
    beforeAll(() => {
      db = openDatabase(join(mkdtempSync(join(tmpdir(), 'kseeded-')), 'k.db'));
      seedSqlite(db, fixture);
    });
    afterAll(() => db?.close());
    return () => createSqliteReads(db);
  };
  const postgres = (): (() => ApiReads) => {
    const pg = useTestDatabase();
    beforeAll(async () => {
      await migratePostgres(pg.sql);
      await seedPostgres(pg.sql, fixture);
    });
    return () => createPostgresReads(pg.sql);
  };
  return [
    { name: 'SQLite', enabled: true, harness: sqlite },
    { name: 'PostgreSQL', enabled: postgresTestsEnabled(file), harness: postgres },
  ];
}
