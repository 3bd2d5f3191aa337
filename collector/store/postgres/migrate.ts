import { ordered, refuseNewerSchema, type Migration } from '../../db/migrations.js';
import { migrations as allMigrations } from '../../db/migrations/index.js';
import type { Sql } from './connect.js';

/**
 * Advisory lock key of schema migration ("kndl" + 1). Advisory locks are per database, so two
 * Kindling databases on one server do not block each other.
 */
export const MIGRATION_LOCK_KEY = 0x6b6e646c_01;

/**
 * Applies the pending migrations, one transaction per version. Each transaction first takes a
 * transaction-level advisory lock, so collectors starting at once queue up instead of both
 * migrating: the next one in finds the version recorded and moves on. A database migrated by a
 * newer Kindling is refused before anything is applied. Returns the versions this call applied.
 */
export async function migratePostgres(sql: Sql, migrations: readonly Migration[] = allMigrations): Promise<number[]> {
  const steps = ordered(migrations);
  const ran: number[] = [];
  for (;;) {
    const applied = await sql.begin(async (tx) => {
      await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY}::bigint)`;
      await tx`CREATE TABLE IF NOT EXISTS schema_migrations (
        version bigint PRIMARY KEY,
        name text NOT NULL,
        applied_at bigint NOT NULL
      )`;
      const done = new Set((await tx<{ version: number }[]>`SELECT version FROM schema_migrations`).map((r) => r.version));
      refuseNewerSchema(done, steps);
      const next = steps.find((m) => !done.has(m.version));
      if (!next) return null;
      // DDL from our own migration files (never input), several statements: the simple protocol.
      await tx.unsafe(next.postgres).simple();
      await tx`INSERT INTO schema_migrations (version, name, applied_at) VALUES (${next.version}, ${next.name}, ${Date.now()})`;
      return next.version;
    });
    if (applied === null) return ran;
    ran.push(applied);
  }
}

/** The newest applied version (0 on an empty database). */
export async function postgresSchemaVersion(sql: Sql): Promise<number> {
  const [row] = await sql<{ v: number | null }[]>`SELECT MAX(version) AS v FROM schema_migrations`;
  return row?.v ?? 0;
}
