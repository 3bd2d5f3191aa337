import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate, type Migration } from './migrations.js';
import { migrations as allMigrations } from './migrations/index.js';

export type DB = Database.Database;

/**
 * `synchronous = FULL` in WAL mode: every commit is fsynced before the writer acknowledges, so an
 * acknowledged event survives a SIGKILL and a power cut. Batching amortises the fsync.
 */
export const PRAGMAS = {
  journal_mode: 'wal',
  synchronous: 2, // FULL
  foreign_keys: 1,
  busy_timeout: 5000,
  /**
   * Negative: KiB (−49152 = 48 MB), an upper bound on the page cache, not an allocation. Part of the
   * collector's memory budget (docs/ARCHITECTURE.md, "Memory budget"): 64 MB put a collector under
   * sustained ingest past 250 MB RSS once its database outgrew the cache; 32 MB cost the hot-leads
   * list 14% more CPU on a 5M-event database, 48 MB 7%.
   */
  cache_size: -49152,
} as const;

export interface OpenDatabaseOptions {
  migrations?: readonly Migration[];
  readonly?: boolean;
  /** How long a write waits for another connection's (default PRAGMAS.busy_timeout). */
  busyTimeoutMs?: number;
}

/** Opens (creating the folder if needed) and migrates the database, then checks the pragmas took effect. */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): DB {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { readonly: options.readonly ?? false });
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? PRAGMAS.busy_timeout}`);
  if (path !== ':memory:') db.pragma(`journal_mode = ${PRAGMAS.journal_mode}`);
  db.pragma(`synchronous = ${PRAGMAS.synchronous}`);
  db.pragma(`foreign_keys = ${PRAGMAS.foreign_keys}`);
  // Keep temp B-trees in memory; cap the WAL so checkpoints keep up under load.
  db.pragma('temp_store = memory');
  // SQLite's default page cache is 2 MB: with 100k leads the lead indexes alone outgrow it, and
  // every projection write then re-reads its pages from the OS. 48 MB holds the hot working set.
  db.pragma(`cache_size = ${PRAGMAS.cache_size}`);
  db.pragma('journal_size_limit = 67108864');
  checkPragmas(db, path);
  if (!options.readonly) migrate(db, options.migrations ?? allMigrations);
  return db;
}

function checkPragmas(db: DB, path: string): void {
  const got = {
    journal_mode: db.pragma('journal_mode', { simple: true }),
    synchronous: db.pragma('synchronous', { simple: true }),
    foreign_keys: db.pragma('foreign_keys', { simple: true }),
  };
  const wantJournal = path === ':memory:' ? 'memory' : PRAGMAS.journal_mode;
  if (got.journal_mode !== wantJournal || got.synchronous !== PRAGMAS.synchronous || got.foreign_keys !== PRAGMAS.foreign_keys) {
    throw new Error(`SQLite pragmas did not take effect on ${path}: ${JSON.stringify(got)}`);
  }
}

export function schemaVersion(db: DB): number {
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

/** The settings statements, prepared once per connection: the engine reads a setting in every write transaction. */
const settingStatements = new WeakMap<
  DB,
  { get: Database.Statement<[string], { value: string }>; set: Database.Statement<[string, string]> }
>();

function settings(db: DB) {
  let s = settingStatements.get(db);
  if (!s) {
    s = {
      get: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
      set: db.prepare<[string, string]>(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
    };
    settingStatements.set(db, s);
  }
  return s;
}

/** Reads a value from the small key/value `settings` table (admin token, instance id). */
export function getSetting(db: DB, key: string): string | null {
  return settings(db).get.get(key)?.value ?? null;
}

export function setSetting(db: DB, key: string, value: string): void {
  settings(db).set.run(key, value);
}
