import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STAGED_ACTIVITY } from './activity-rebuild.js';
import { openCopySource, SourceMissingError } from './copy-source.js';

const dir = mkdtempSync(join(tmpdir(), 'kindling-copy-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function database(name: string, schema: string): string {
  const file = join(dir, `${name}.db`);
  const db = new Database(file);
  db.pragma('journal_mode = wal');
  db.exec(schema);
  db.close();
  return file;
}

describe('the SQLite side of migrate-store', () => {
  it('lists the tables from the schema: referenced ones first, search indexes apart, bookkeeping and a stopped rebuild’s table left out', () => {
    const file = database(
      'order',
      `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at INTEGER);
       INSERT INTO schema_migrations VALUES (1, 'a', 0), (3, 'b', 0);
       CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parent (id), grand INTEGER REFERENCES grand (k));
       CREATE TABLE parent (id INTEGER PRIMARY KEY, grand INTEGER REFERENCES grand (k));
       CREATE TABLE grand (k TEXT PRIMARY KEY, self INTEGER REFERENCES grand (k)) WITHOUT ROWID;
       CREATE VIRTUAL TABLE search USING fts5(email, name, tokenize = 'trigram');
       INSERT INTO search (rowid, email, name) VALUES (7, 'a@b.io', '');
       CREATE TABLE ${STAGED_ACTIVITY} (k TEXT PRIMARY KEY) WITHOUT ROWID;`,
    );
    const source = openCopySource(file);
    try {
      expect(source.schemaVersion).toBe(3);
      expect(source.tables.map((t) => t.name)).toEqual(['grand', 'parent', 'child']);
      expect(source.tables[2]!.columns).toEqual(['id', 'parent', 'grand']);
      expect(source.searchIndexes).toEqual([{ name: 'search', columns: ['rowid', 'email', 'name'], rows: 1 }]);
      expect([...source.batches(source.searchIndexes[0]!, 10)]).toEqual([[[7, 'a@b.io', '']]]);
    } finally {
      source.close();
    }
  });

  it('reads one snapshot: rows written after it opened are not in it', () => {
    const file = database('snapshot', 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t (v) VALUES (1), (2), (3);');
    const source = openCopySource(file);
    const writer = new Database(file);
    try {
      writer.exec("INSERT INTO t (v) VALUES ('late')");
      const [table] = source.tables;
      expect(table!.rows).toBe(3);
      expect([...source.batches(table!, 2)]).toEqual([
        [
          [1, '1'],
          [2, '2'],
        ],
        [[3, '3']],
      ]);
    } finally {
      writer.close();
      source.close();
    }
  });

  it('refuses foreign keys in a cycle, and a file that does not exist', () => {
    const file = database(
      'cycle',
      'CREATE TABLE a (id INTEGER PRIMARY KEY, b INTEGER REFERENCES b (id)); CREATE TABLE b (id INTEGER PRIMARY KEY, a INTEGER REFERENCES a (id));',
    );
    expect(() => openCopySource(file)).toThrow('foreign keys form a cycle among a, b');
    expect(() => openCopySource(join(dir, 'none.db'))).toThrow(SourceMissingError);
  });
});
