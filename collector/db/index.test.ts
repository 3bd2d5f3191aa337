import { describe, expect, it, vi } from 'vitest';
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

  it('bounds the page cache at 48 MB: the largest native share of the collector’s 250 MB memory budget', () => {
    const db = openDatabase(tempDb());
    // Negative: KiB. 64 MB took a collector under two minutes of sustained ingest past 250 MB RSS.
    expect(db.pragma('cache_size', { simple: true })).toBe(-48 * 1024);
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

describe('settings', () => {
  it('prepares its statements once per connection, not on every read and write', () => {
    const db = openDatabase(':memory:');
    setSetting(db, 'a', '1');
    const prepare = vi.spyOn(db, 'prepare');
    for (let i = 0; i < 3; i++) {
      setSetting(db, 'a', String(i));
      expect(getSetting(db, 'a')).toBe(String(i));
    }
    expect(getSetting(db, 'missing')).toBeNull();
    expect(prepare).not.toHaveBeenCalled();
    db.close();
  });
});

describe('the events table', () => {
  it('carries only the indexes that ingest and the engine read (each one slows every insert)', () => {
    const path = tempDb();
    // A database from before migration 6 has events_received; migrating it drops the index.
    const old = openDatabase(path, { migrations: migrations.filter((m) => m.version < 6) });
    const indexes = (db: ReturnType<typeof openDatabase>) =>
      (
        db
          .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL ORDER BY name")
          .all() as { name: string }[]
      ).map((r) => r.name);
    expect(indexes(old)).toContain('events_received');
    old.close();
    const db = openDatabase(path);
    expect(indexes(db)).toEqual(['events_lead', 'events_site_event_id', 'events_visitor']);
    db.close();
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
    expect(() =>
      migrate(db, [
        { version: 1, name: 'a', sqlite: '', postgres: '' },
        { version: 1, name: 'b', sqlite: '', postgres: '' },
      ]),
    ).toThrow(/defined twice/);
  });

  it('refuses a database migrated by a newer Kindling, and applies nothing', () => {
    const path = tempDb();
    openDatabase(path).close();
    const latest = Math.max(...migrations.map((m) => m.version));
    const newer = openDatabase(path, {
      migrations: [...migrations, { version: latest + 1, name: 'future', sqlite: 'CREATE TABLE future (x)', postgres: '' }],
    });
    newer.close();
    expect(() => openDatabase(path)).toThrow(SchemaTooNewError);
    expect(() => openDatabase(path)).toThrow(`schema is version ${latest + 1}, newer than this Kindling knows (${latest})`);
  });
});
