import Database from 'better-sqlite3';
import type { DB } from '../../db/index.js';
import { createInputReader } from './rescore-inputs.js';

/** What a backtest reads on SQLite: the lead count and the replay inputs, in id-ordered chunks. */
export function sqliteBacktestReader(db: DB) {
  const count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM leads');
  const inputs = createInputReader(db, { stored: false });
  return { leadCount: () => count.get()!.n, chunk: (afterId: number, limit: number) => inputs.chunk(afterId, limit) };
}

/**
 * A connection of its own to the file, opened read-only (`query_only` too) and held in one read
 * transaction: everything read through it is one snapshot while the collector goes on writing.
 */
export function openSqliteSnapshot(path: string): { db: DB; close(): void } {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('query_only = ON');
  db.pragma('busy_timeout = 5000');
  // A deferred transaction takes its snapshot at the first read and keeps it until rollback.
  db.exec('BEGIN');
  return {
    db,
    close() {
      if (db.inTransaction) db.exec('ROLLBACK');
      db.close();
    },
  };
}
