import type { Sql } from '../../collector/store/postgres/connect.js';

/**
 * Empties a migrated PostgreSQL database so it is as good as a new one: every row gone but the migrations' own,
 * ids counting from 1 again. Far cheaper than making and migrating a database (PostgreSQL: about a
 * second), so the kits reuse a file's databases (postgres.ts, store-choice.ts). Test support only.
 */
export async function emptyPostgres(sql: Sql): Promise<void> {
  const tables = await sql<{ name: string }[]>`
    SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'`;
  const sequences = await sql<{ name: string }[]>`
    SELECT quote_ident(sequencename) AS name FROM pg_sequences WHERE schemaname = 'public'`;
  // Names come from the catalogue, quoted by it. Foreign keys are not checked while replicating
  // (a superuser's session setting), so the order of the deletes does not matter.
  await sql.unsafe(
    [
      'SET session_replication_role = replica',
      ...tables.map((t) => `DELETE FROM ${t.name}`),
      ...sequences.map((s) => `ALTER SEQUENCE ${s.name} RESTART`),
      'SET session_replication_role = DEFAULT',
    ].join(';\n'),
  );
}
