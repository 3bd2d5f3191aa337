import type { Sql } from './connect.js';
import type { Tx } from './transaction.js';

/**
 * The write side of `npm run migrate-store`: an empty, migrated PostgreSQL database filled in one
 * transaction. Identifiers (table and column names) come from the catalogues of the two schemas,
 * never from input, and go through postgres.js's identifier escaping; every value is a parameter.
 */
export interface TargetColumn {
  name: string;
  type: string;
}

export interface CopyTarget {
  /** Every table of the target schema (but the migration bookkeeping) with its columns in order. */
  tables: ReadonlyMap<string, TargetColumn[]>;
  /**
   * Inserts rows given as SQLite holds them (values in `columns` order; 0/1 for a boolean column),
   * one statement per batch with one array parameter per column (`unnest`): one prepared statement
   * per table whatever the batch size. Not COPY: postgres.js 3.4.9 never settles a COPY the server
   * rejects (porsager/postgres#1173), so a bad row would hang the move instead of failing it.
   */
  insertAll(table: string, columns: string[], batches: AsyncIterable<unknown[][]>): Promise<void>;
  /** Fills a search table from the rows it indexes (SQLite keeps it as an FTS5 index, not copied). */
  rebuild(table: string): Promise<void>;
  /** The table's rows in batches, in SQLite's terms (booleans as 0/1), values in `columns` order. */
  readBack(table: string, columns: string[], batchSize: number, onRows: (rows: unknown[][]) => void): Promise<void>;
  /** Moves every identity sequence past the largest key copied; returns the next key of each. */
  resetIdentities(): Promise<{ table: string; column: string; next: number }[]>;
}

/** What the target holds before anything is copied. */
export interface TargetState {
  /** Newest applied migration; null when the database has never been migrated. */
  version: number | null;
  /** Tables (migration bookkeeping aside) that hold at least one row. */
  tablesWithRows: string[];
}

export class TargetNotEmptyError extends Error {
  constructor(readonly tables: string[]) {
    super(`the target database holds rows in ${tables.join(', ')}`);
    this.name = 'TargetNotEmptyError';
  }
}

/**
 * Search tables and how each is rebuilt: the same row per lead as the SQLite store's FTS5 index
 * (rowid = lead id, missing name and company as empty strings).
 */
const REBUILDS: Readonly<Record<string, (tx: Tx) => Promise<unknown>>> = {
  leads_search: (tx) =>
    tx`INSERT INTO leads_search (lead_id, email, name, company) SELECT id, email, COALESCE(name, ''), COALESCE(company, '') FROM leads`,
};

const BOOKKEEPING = 'schema_migrations';

/** Column types (information_schema) → the array element type sent for them. */
const ARRAY_TYPES: Readonly<Record<string, number>> = { bigint: 20, integer: 23, text: 25, 'double precision': 701, boolean: 16 };
const BOOLEAN_OID = ARRAY_TYPES.boolean!;

function arrayType(table: string, column: TargetColumn | undefined): number {
  const oid = column && ARRAY_TYPES[column.type];
  if (!oid) throw new Error(`cannot copy ${table}.${column?.name}: no array type for ${column?.type}`);
  return oid;
}

/** Every table of the target (but the migration bookkeeping) with its columns in order. */
export async function listTables(sql: Sql | Tx): Promise<Map<string, TargetColumn[]>> {
  const rows = await sql<{ table: string; name: string; type: string }[]>`
    SELECT c.table_name AS table, c.column_name AS name, c.data_type AS type
    FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
    WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name <> ${BOOKKEEPING}
    ORDER BY c.table_name, c.ordinal_position`;
  const tables = new Map<string, TargetColumn[]>();
  for (const r of rows) {
    const columns = tables.get(r.table) ?? [];
    columns.push({ name: r.name, type: r.type });
    tables.set(r.table, columns);
  }
  return tables;
}

async function tablesWithRows(sql: Sql | Tx, tables: Iterable<string>): Promise<string[]> {
  const full: string[] = [];
  for (const table of tables) {
    const [row] = await sql<{ any: boolean }[]>`SELECT EXISTS (SELECT 1 FROM ${sql(table)}) AS any`;
    if (row?.any) full.push(table);
  }
  return full;
}

export async function inspectTarget(sql: Sql): Promise<TargetState> {
  const tables = await listTables(sql);
  const [migrated] = await sql<{ exists: boolean }[]>`SELECT to_regclass(${BOOKKEEPING}) IS NOT NULL AS exists`;
  let version: number | null = null;
  if (migrated?.exists) {
    const [row] = await sql<{ v: number | null }[]>`SELECT MAX(version) AS v FROM schema_migrations`;
    version = row?.v ?? 0;
  }
  return { version, tablesWithRows: await tablesWithRows(sql, tables.keys()) };
}

/**
 * Reads a table in batches in SQLite's terms (booleans as 0/1), values in `columns` order: the
 * read-back of the copy, and the before/after snapshots of the rescore check.
 */
export async function readRows(
  sql: Sql | Tx,
  table: string,
  columns: readonly TargetColumn[],
  batchSize: number,
  onRows: (rows: unknown[][]) => void,
): Promise<void> {
  const flags = columns.map((c) => c.type === 'boolean');
  await sql`SELECT ${sql(columns.map((c) => c.name))} FROM ${sql(table)}`.values().cursor(batchSize, (rows) => {
    onRows(rows.map((row) => (row as unknown[]).map((v, i) => (flags[i] && v !== null ? (v ? 1 : 0) : v))));
  });
}

/**
 * Runs `work` with a consistent view of the whole target (one read-only, repeatable-read
 * transaction), so tables read one after another come from the same moment.
 */
export async function readConsistently<T>(sql: Sql, work: (tx: Tx) => Promise<T>): Promise<T> {
  return (await sql.begin('isolation level repeatable read read only', work)) as T;
}

/**
 * Runs `work` in one transaction over the target. Every table is locked against writes first and
 * found empty again under the lock, so nothing that started writing since `inspectTarget` ends up
 * mixed with the copy. An error in `work` rolls the whole copy back: the target stays empty.
 */
export async function copyIntoPostgres<T>(sql: Sql, work: (target: CopyTarget) => Promise<T>): Promise<T> {
  return (await sql.begin(async (tx) => {
    const tables = await listTables(tx);
    for (const table of tables.keys()) await tx`LOCK TABLE ${tx(table)} IN EXCLUSIVE MODE`;
    const full = await tablesWithRows(tx, tables.keys());
    if (full.length) throw new TargetNotEmptyError(full);
    return work({
      tables,
      async insertAll(table, columns, batches) {
        const types = columns.map((c) =>
          arrayType(
            table,
            tables.get(table)?.find((col) => col.name === c),
          ),
        );
        for await (const rows of batches) {
          const arrays = columns.map((_, i) =>
            tx.array(rows.map((row) => (types[i] === BOOLEAN_OID && row[i] !== null ? row[i] !== 0 : row[i])) as never, types[i]),
          );
          const list = arrays.slice(1).reduce((acc, array) => tx`${acc}, ${array}`, tx`${arrays[0]!}`);
          await tx`INSERT INTO ${tx(table)} (${tx(columns)}) SELECT * FROM unnest(${list})`;
        }
      },
      async rebuild(table) {
        const rebuild = REBUILDS[table];
        if (!rebuild) throw new Error(`no rebuild is known for the search table ${table}`);
        await rebuild(tx);
      },
      async readBack(table, columns, batchSize, onRows) {
        const types = new Map((tables.get(table) ?? []).map((c) => [c.name, c.type]));
        await readRows(
          tx,
          table,
          columns.map((name) => ({ name, type: types.get(name) ?? '' })),
          batchSize,
          onRows,
        );
      },
      async resetIdentities() {
        const identities = await tx<{ table: string; column: string }[]>`
          SELECT table_name AS table, column_name AS column FROM information_schema.columns
          WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY table_name`;
        const reset: { table: string; column: string; next: number }[] = [];
        for (const { table, column } of identities) {
          const [row] = await tx<{ next: number }[]>`
            SELECT COALESCE(MAX(${tx(column)}), 0) + 1 AS next FROM ${tx(table)}`;
          const next = row!.next;
          await tx`SELECT setval(pg_get_serial_sequence(${table}, ${column}), ${next}, false)`;
          reset.push({ table, column, next });
        }
        return reset;
      },
    });
  })) as T;
}
