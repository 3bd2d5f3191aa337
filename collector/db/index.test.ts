import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, schemaVersion, getSetting, setSetting } from './index.js';
import { migrate, SchemaTooNewError, type Migration } from './migrations.js';
import { migrations } from './migrations/index.js';

const tempDb = () => join(mkdtempSync(join(tmpdir(), 'kdb-')), 'nested', 'k.db');

describe('openDatabase', () => {
  it('creates the folder, uses WAL with synchronous=FULL, foreign keys and a busy timeout', () => {
    const db = openDatabase(tempDb());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();
  });

  it('migrates at open, records each version, and opening again changes nothing', () => {
    const path = tempDb();
    const db = openDatabase(path);
    const latest = Math.max(...migrations.map((m) => m.version));
    expect(schemaVersion(db)).toBe(latest);
    setSetting(db, 'k', 'v');
    db.close();
    const again = openDatabase(path);
    expect(schemaVersion(again)).toBe(latest);
    expect((again.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(migrations.length);
    expect(getSetting(again, 'k')).toBe('v');
    again.close();
  });
});

describe('migrate', () => {
  it('applies new versions in order, skips applied ones, and rolls back a failing step whole', () => {
    const db = openDatabase(':memory:', { migrations: [] });
    const steps: Migration[] = [
      { version: 2, name: 'b', sqlite: 'CREATE TABLE b (x)', postgres: '' },
      { version: 1, name: 'a', sqlite: 'CREATE TABLE a (x)', postgres: '' },
    ];
    expect(migrate(db, steps)).toEqual([1, 2]);
    expect(migrate(db, steps)).toEqual([]);
    const failing: Migration = { version: 3, name: 'c', sqlite: 'CREATE TABLE c (x); INSERT INTO nope VALUES (1)', postgres: '' };
    expect(() => migrate(db, [...steps, failing])).toThrow(/nope/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'c'").get()).toBeUndefined();
    expect(schemaVersion(db)).toBe(2);
  });

  it('refuses two migrations with one version', () => {
    const db = openDatabase(':memory:', { migrations: [] });
    expect(() => migrate(db, [{ version: 1, name: 'a', sqlite: '', postgres: '' }, { version: 1, name: 'b', sqlite: '', postgres: '' }])).toThrow(/defined twice/);
  });

  it('refuses a database migrated by a newer Kindling, and applies nothing', () => {
    const path = tempDb();
    openDatabase(path).close();
    const latest = Math.max(...migrations.map((m) => m.version));
    const newer = openDatabase(path, { migrations: [...migrations, { version: latest + 1, name: 'future', sqlite: 'CREATE TABLE future (x)', postgres: '' }] });
    newer.close();
    expect(() => openDatabase(path)).toThrow(SchemaTooNewError);
    expect(() => openDatabase(path)).toThrow(`schema is version ${latest + 1}, newer than this Kindling knows (${latest})`);
  });
});
