import Database from 'better-sqlite3';
import { STAGED_ACTIVITY } from './activity-rebuild.js';
import { existsSync } from 'node:fs';

/** A table to copy: its columns in declaration order and its row count in the snapshot. */
export interface SourceTable {
  name: string;
  columns: string[];
  rows: number;
}

/**
 * The read side of `npm run migrate-store`: a SQLite database opened read-only, read inside one
 * snapshot (a read transaction in WAL mode), so every table comes from the same moment even if
 * something wrote to the file meanwhile.
 */
export interface CopySource {
  /** Newest applied migration (0: not a Kindling database). */
  schemaVersion: number;
  /** The tables the migrations made, referenced tables before the tables that refer to them. */
  tables: SourceTable[];
  /**
   * Search indexes (FTS5 virtual tables): not copied but rebuilt by the target from the rows they
   * index; `columns` starts with `rowid`, the indexed row's key, so the rebuild can be compared.
   */
  searchIndexes: SourceTable[];
  /** The table's rows in batches, values in `columns` order. */
  batches(table: SourceTable, size: number): Generator<unknown[][]>;
  close(): void;
}

export class SourceMissingError extends Error {
  constructor(path: string) {
    super(`${path} does not exist`);
    this.name = 'SourceMissingError';
  }
}

/** Table names come from sqlite_master (the migrations' own), never from input; quoted all the same. */
const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Kinds of `pragma_table_list`: `table` is copied, `virtual` (FTS5) is rebuilt on the target,
 * `shadow` (an FTS5 table's storage), the migration bookkeeping and an accounts rebuild's staged
 * table (left by a collector stopped midway: no state, the next rebuild starts over) are neither.
 */
const NOT_COPIED = new Set(['schema_migrations', STAGED_ACTIVITY]);

export function openCopySource(path: string): CopySource {
  if (!existsSync(path)) throw new SourceMissingError(path);
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    db.exec('BEGIN'); // the snapshot starts at the first read and holds until close()
    const listed = db
      .prepare(
        `SELECT t.name, t.type FROM pragma_table_list t JOIN sqlite_master m ON m.name = t.name
         WHERE t.schema = 'main' AND t.name NOT LIKE 'sqlite_%' ORDER BY m.rowid`,
      )
      .all() as { name: string; type: string }[];
    const describe = (name: string, extra: string[] = []): SourceTable => ({
      name,
      columns: [
        ...extra,
        ...(db.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').all(name) as { name: string }[]).map((c) => c.name),
      ],
      rows: (db.prepare(`SELECT COUNT(*) AS n FROM ${ident(name)}`).get() as { n: number }).n,
    });
    const copied = listed.filter((t) => t.type === 'table' && !NOT_COPIED.has(t.name)).map((t) => t.name);
    const hasVersions = listed.some((t) => t.name === 'schema_migrations');
    const version = hasVersions
      ? ((db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0)
      : 0;
    return {
      schemaVersion: version,
      tables: referencedFirst(db, copied).map((name) => describe(name)),
      searchIndexes: listed.filter((t) => t.type === 'virtual').map((t) => describe(t.name, ['rowid'])),
      *batches(table, size) {
        const select = db
          .prepare(`SELECT ${table.columns.map(ident).join(', ')} FROM ${ident(table.name)}`)
          .raw(true)
          .safeIntegers(true);
        let batch: unknown[][] = [];
        for (const row of select.iterate() as IterableIterator<unknown[]>) {
          for (let i = 0; i < row.length; i++) if (typeof row[i] === 'bigint') row[i] = exactNumber(row[i] as bigint, table, i);
          batch.push(row);
          if (batch.length === size) {
            yield batch;
            batch = [];
          }
        }
        if (batch.length) yield batch;
      },
      close() {
        db.close();
      },
    };
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * Integers read as bigint, then handed on as numbers only when exact: the PostgreSQL store reads
 * every bigint as a JavaScript number and refuses one past 2^53, so a value that would be rounded on
 * the way is refused here rather than copied wrong.
 */
function exactNumber(value: bigint, table: SourceTable, column: number): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`${table.name}.${table.columns[column]} holds ${value}, too large to copy exactly`);
  return n;
}

/** Orders tables so each comes after the tables its foreign keys point at (ties keep creation order). */
function referencedFirst(db: Database.Database, tables: string[]): string[] {
  const refs = new Map(
    tables.map((name) => [
      name,
      new Set((db.prepare('SELECT "table" AS ref FROM pragma_foreign_key_list(?)').all(name) as { ref: string }[]).map((r) => r.ref)),
    ]),
  );
  const ordered: string[] = [];
  while (ordered.length < tables.length) {
    const next = tables.find((t) => !ordered.includes(t) && [...refs.get(t)!].every((r) => r === t || ordered.includes(r) || !refs.has(r)));
    if (!next) throw new Error(`foreign keys form a cycle among ${tables.filter((t) => !ordered.includes(t)).join(', ')}`);
    ordered.push(next);
  }
  return ordered;
}
