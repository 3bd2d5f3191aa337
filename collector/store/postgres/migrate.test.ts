import { describe, expect, it } from 'vitest';
import { SchemaTooNewError, type Migration } from '../../db/migrations.js';
import { migrations } from '../../db/migrations/index.js';
import { postgresTestsEnabled, useTestDatabase } from '../../../test/support/postgres.js';
import { connectPostgres } from './connect.js';
import { migratePostgres, postgresSchemaVersion } from './migrate.js';

const latest = Math.max(...migrations.map((m) => m.version));

describe.runIf(postgresTestsEnabled('collector/store/postgres/migrate.test.ts'))('PostgreSQL migrations', () => {
  const pg = useTestDatabase();

  it('applies every version once, in order, and a second run applies nothing', async () => {
    const sql = connectPostgres(await pg.another(), { max: 2 });
    try {
      expect(await migratePostgres(sql)).toEqual(migrations.map((m) => m.version).sort((a, b) => a - b));
      expect(await migratePostgres(sql)).toEqual([]);
      expect(await postgresSchemaVersion(sql)).toBe(latest);
      const [row] = await sql<{ n: number }[]>`SELECT COUNT(*)::bigint AS n FROM schema_migrations`;
      expect(row?.n).toBe(migrations.length);
    } finally {
      await sql.end();
    }
  });

  it('two collectors starting at once: each version is applied by exactly one of them', async () => {
    const url = await pg.another();
    // Each step sleeps with its table created, so without the lock both runners would be inside
    // step 1 at once and the second CREATE TABLE (or the version's primary key) would fail.
    const slow: Migration[] = [1, 2, 3].map((version) => ({
      version,
      name: `step ${version}`,
      sqlite: '',
      postgres: `CREATE TABLE step_${version} (x int); SELECT pg_sleep(0.15);`,
    }));
    const a = connectPostgres(url, { max: 1 });
    const b = connectPostgres(url, { max: 1 });
    try {
      const [ranA, ranB] = await Promise.all([migratePostgres(a, slow), migratePostgres(b, slow)]);
      expect([...ranA, ...ranB].sort()).toEqual([1, 2, 3]);
      const rows = await a<{ version: number }[]>`SELECT version FROM schema_migrations ORDER BY version`;
      expect(rows.map((r) => r.version)).toEqual([1, 2, 3]);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it('rolls back a failing step whole and keeps the steps before it', async () => {
    const sql = connectPostgres(await pg.another(), { max: 1 });
    const steps: Migration[] = [
      { version: 1, name: 'a', sqlite: '', postgres: 'CREATE TABLE a (x int)' },
      { version: 2, name: 'b', sqlite: '', postgres: 'CREATE TABLE b (x int); INSERT INTO nope VALUES (1)' },
    ];
    try {
      await expect(migratePostgres(sql, steps)).rejects.toThrow(/nope/);
      const tables = await sql<{ name: string }[]>`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`;
      expect(tables.map((t) => t.name)).toEqual(['a', 'schema_migrations']);
      expect(await postgresSchemaVersion(sql)).toBe(1);
    } finally {
      await sql.end();
    }
  });

  it('refuses a database migrated by a newer Kindling, and applies nothing', async () => {
    const sql = connectPostgres(await pg.another(), { max: 1 });
    const future: Migration = { version: latest + 1, name: 'future', sqlite: '', postgres: 'CREATE TABLE future (x int)' };
    try {
      await migratePostgres(sql, [...migrations, future]);
      const older = migrations.filter((m) => m.version < latest);
      await expect(migratePostgres(sql)).rejects.toThrow(SchemaTooNewError);
      await expect(migratePostgres(sql, older)).rejects.toThrow(
        `schema is version ${latest + 1}, newer than this Kindling knows (${Math.max(...older.map((m) => m.version))})`,
      );
      expect(await postgresSchemaVersion(sql)).toBe(latest + 1);
    } finally {
      await sql.end();
    }
  });

  it('refuses a list that defines a version twice', async () => {
    await expect(migratePostgres(pg.sql, [migrations[0]!, { ...migrations[0]!, name: 'again' }])).rejects.toThrow(/defined twice/);
  });
});
