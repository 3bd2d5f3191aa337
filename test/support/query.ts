import { dumpDatabase } from '../../collector/store/sqlite/dump.js';
import type { QueryableStore } from './store-choice.js';

/**
 * The store-neutral test query helper: a test reads what a collector or harness stored, on SQLite
 * or PostgreSQL alike, with SQL both dialects speak and `?` placeholders. Where the dialects
 * differ, read through the port or the HTTP API instead. Tests only: shipped code reads through
 * the port (test/sql-in-store.test.ts).
 */
export interface QueryTarget {
  store: QueryableStore;
}

type Row = Record<string, unknown>;

/** `?` placeholders as PostgreSQL's `$1, $2, …`, leaving quoted text alone. */
export function numberedPlaceholders(text: string): string {
  let n = 0;
  return text.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\?/g, (match) => (match === '?' ? `$${++n}` : match));
}

/** Every row `text` selects, with `params` bound to its `?`s in order. */
export async function rows<T = Row>(target: QueryTarget, text: string, params: readonly unknown[] = []): Promise<T[]> {
  const { store } = target;
  if (store.kind === 'sqlite') {
    if (!store.db) throw new Error('query helper: a SQLite store without its connection');
    return store.db.prepare(text).all(...params) as T[];
  }
  if (!store.sql) throw new Error('query helper: a PostgreSQL store without its pool');
  return [...(await store.sql.unsafe(numberedPlaceholders(text), params as never[]))] as T[];
}

/** The first row `text` selects, or undefined. */
export async function one<T = Row>(target: QueryTarget, text: string, params: readonly unknown[] = []): Promise<T | undefined> {
  return (await rows<T>(target, text, params))[0];
}

/** The first column of the first row (a count, a setting), or undefined when there is no row. */
export async function value<T = unknown>(target: QueryTarget, text: string, params: readonly unknown[] = []): Promise<T | undefined> {
  const row = await one(target, text, params);
  return row === undefined ? undefined : (Object.values(row)[0] as T);
}

/** How many rows `table` holds (optionally those matching `where`, with `?` params). */
export async function count(target: QueryTarget, table: string, where = '', params: readonly unknown[] = []): Promise<number> {
  // Table names are test constants, never input.
  const n = await value<number | string>(target, `SELECT COUNT(*) AS n FROM ${table}${where ? ` WHERE ${where}` : ''}`, params);
  return Number(n);
}

/** How many events are stored. */
export const countEvents = (target: QueryTarget): Promise<number> => count(target, 'events');

/** Runs a write (test setup that has no port method, e.g. making a setting stale). */
export async function run(target: QueryTarget, text: string, params: readonly unknown[] = []): Promise<void> {
  const { store } = target;
  if (store.kind === 'sqlite') store.db!.prepare(text).run(...params);
  else await store.sql!.unsafe(numberedPlaceholders(text), params as never[]);
}

/**
 * Every row of every table, rows in a stable order: two dumps are equal exactly when the stored
 * content is (a read-only job wrote nothing). SQLite: dumpDatabase (FTS shadow tables included).
 */
export async function dump(target: QueryTarget): Promise<Record<string, string[]>> {
  const { store } = target;
  if (store.kind === 'sqlite') return dumpDatabase(store.db!);
  const tables = await rows<{ name: string }>(
    target,
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
  );
  const out: Record<string, string[]> = {};
  // Table names come from the catalogue, not from input.
  for (const { name } of tables)
    out[name] = (await rows(target, `SELECT * FROM "${name}"`)).map((r) => JSON.stringify(Object.values(r))).sort();
  return out;
}
