import { describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '../db/index.js';
import { postgresTestsEnabled, useTestDatabase } from '../../test/support/postgres.js';
import { migratePostgres } from './postgres/migrate.js';
import type { Sql } from './postgres/connect.js';

/** SQLite's declared type → the PostgreSQL types it may become (0/1 flags become boolean). */
const TYPES: Record<string, string[]> = { INTEGER: ['bigint', 'boolean'], REAL: ['double precision'], TEXT: ['text'], '': ['text'] };
/**
 * Deliberate differences. SQLite's FTS5 search table keys rows by its implicit rowid and has
 * untyped columns; PostgreSQL names the key and indexes trigrams with pg_trgm.
 */
const PG_ONLY_COLUMNS: Record<string, string[]> = { leads_search: ['lead_id'] };
const PG_ONLY_INDEXES = ['leads_search_trgm'];

interface Column {
  type: string;
  notNull: boolean;
  pk: boolean;
}
interface Schema {
  tables: Record<string, Record<string, Column>>;
  indexes: Record<string, { table: string; unique: boolean; partial: boolean; columns: string[] }>;
  foreignKeys: string[];
}

function sqliteSchema(db: DB): Schema {
  const schema: Schema = { tables: {}, indexes: {}, foreignKeys: [] };
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'leads_search_%'")
    .all() as { name: string }[];
  for (const { name } of tables) {
    const cols = db.prepare('SELECT name, type, "notnull" AS nn, pk FROM pragma_table_info(?)').all(name) as {
      name: string;
      type: string;
      nn: number;
      pk: number;
    }[];
    schema.tables[name] = Object.fromEntries(cols.map((c) => [c.name, { type: c.type, notNull: c.nn === 1 || c.pk > 0, pk: c.pk > 0 }]));
    const indexes = db.prepare('SELECT name, "unique" AS u, partial FROM pragma_index_list(?) WHERE origin = \'c\'').all(name) as {
      name: string;
      u: number;
      partial: number;
    }[];
    for (const ix of indexes) {
      const columns = (db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').all(ix.name) as { name: string }[]).map(
        (c) => c.name,
      );
      schema.indexes[ix.name] = { table: name, unique: ix.u === 1, partial: ix.partial === 1, columns };
    }
    const fks = db.prepare('SELECT "from", "table", "to", on_delete FROM pragma_foreign_key_list(?)').all(name) as {
      from: string;
      table: string;
      to: string;
      on_delete: string;
    }[];
    for (const fk of fks) schema.foreignKeys.push(`${name}.${fk.from} → ${fk.table}.${fk.to} ON DELETE ${fk.on_delete}`);
  }
  return schema;
}

async function postgresSchema(sql: Sql): Promise<Schema> {
  const schema: Schema = { tables: {}, indexes: {}, foreignKeys: [] };
  const cols = await sql<{ table: string; name: string; type: string; not_null: boolean; pk: boolean }[]>`
    SELECT c.table_name AS table, c.column_name AS name, c.data_type AS type, c.is_nullable = 'NO' AS not_null,
      EXISTS (SELECT 1 FROM information_schema.key_column_usage k JOIN information_schema.table_constraints t USING (constraint_schema, constraint_name)
        WHERE t.constraint_type = 'PRIMARY KEY' AND k.table_name = c.table_name AND k.column_name = c.column_name) AS pk
    FROM information_schema.columns c WHERE c.table_schema = 'public'`;
  for (const c of cols) (schema.tables[c.table] ??= {})[c.name] = { type: c.type, notNull: c.not_null, pk: c.pk };
  const indexes = await sql<{ name: string; table: string; unique: boolean; partial: boolean; columns: string[] }[]>`
    SELECT i.relname AS name, t.relname AS table, ix.indisunique AS unique, ix.indpred IS NOT NULL AS partial,
      array(SELECT a.attname::text FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord) AS columns
    FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid)`;
  for (const { name, ...ix } of indexes) schema.indexes[name] = ix;
  const fks = await sql<{ table: string; from: string; ref: string; to: string; on_delete: string }[]>`
    SELECT t.relname AS table, a.attname AS from, r.relname AS ref, ra.attname AS to,
      CASE c.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'a' THEN 'NO ACTION' WHEN 'n' THEN 'SET NULL' ELSE c.confdeltype::text END AS on_delete
    FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = c.confkey[1]
    WHERE c.contype = 'f'`;
  for (const fk of fks) schema.foreignKeys.push(`${fk.table}.${fk.from} → ${fk.ref}.${fk.to} ON DELETE ${fk.on_delete}`);
  return schema;
}

describe.runIf(postgresTestsEnabled('collector/store/schema-parity.test.ts'))('one migration list, two stores', () => {
  const pg = useTestDatabase();

  it('SQLite and PostgreSQL end with the same tables, columns, keys, indexes and foreign keys', async () => {
    const db = openDatabase(':memory:');
    await migratePostgres(pg.sql);
    const lite = sqliteSchema(db);
    const post = await postgresSchema(pg.sql);
    db.close();

    expect(Object.keys(post.tables).sort()).toEqual(Object.keys(lite.tables).sort());
    for (const [table, columns] of Object.entries(lite.tables)) {
      const pgColumns = { ...post.tables[table] };
      for (const extra of PG_ONLY_COLUMNS[table] ?? []) delete pgColumns[extra];
      expect(Object.keys(pgColumns).sort(), table).toEqual(Object.keys(columns).sort());
      for (const [name, c] of Object.entries(columns)) {
        const p = pgColumns[name]!;
        expect(TYPES[c.type], `${table}.${name}: ${c.type} → ${p.type}`).toContain(p.type);
        // FTS5 columns cannot be declared NOT NULL; the store always writes strings to them.
        if (!PG_ONLY_COLUMNS[table]) expect({ notNull: p.notNull, pk: p.pk }, `${table}.${name}`).toEqual({ notNull: c.notNull, pk: c.pk });
      }
    }
    const pgIndexes = Object.fromEntries(Object.entries(post.indexes).filter(([name]) => !PG_ONLY_INDEXES.includes(name)));
    expect(pgIndexes).toEqual(lite.indexes);
    expect(post.foreignKeys.sort()).toEqual(lite.foreignKeys.sort());
  });

  it('every integer key that grows is a bigint identity, so PostgreSQL assigns it like SQLite', async () => {
    const rows = await pg.sql<{ table: string; column: string }[]>`
      SELECT table_name AS table, column_name AS column FROM information_schema.columns
      WHERE table_schema = 'public' AND is_identity = 'YES' AND data_type = 'bigint' ORDER BY 1`;
    expect(rows.map((r) => `${r.table}.${r.column}`)).toEqual(
      [
        'events.seq',
        'identity_links.id',
        'lead_actions.id',
        'lead_history.id',
        'lead_owner_history.id',
        'leads.id',
        'webhook_attempts.id',
        'webhook_endpoints.id',
        'users.id',
        'api_keys.id',
        'audit_log.id',
      ].sort(),
    );
  });
});
