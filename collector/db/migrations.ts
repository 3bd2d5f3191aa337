import type Database from 'better-sqlite3';

/**
 * A schema step for both stores. Versions are unique and applied in order, each in its own
 * transaction, and recorded in `schema_migrations`; a version already recorded is never applied
 * again. `sqlite` and `postgres` describe the same tables, columns, constraints and indexes
 * (a test compares the two schemas); only the types and the SQL dialect differ.
 */
export interface Migration {
  version: number;
  name: string;
  sqlite: string | ((db: Database.Database) => void);
  postgres: string;
}

/** The database was migrated by a newer Kindling: running older code on it could corrupt it. */
export class SchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(`the database schema is version ${found}, newer than this Kindling knows (${known}): upgrade Kindling or use another database`);
  }
}

/** Checks a migration list and returns it in version order. */
export function ordered(migrations: readonly Migration[]): Migration[] {
  const seen = new Set<number>();
  for (const m of migrations) {
    if (seen.has(m.version)) throw new Error(`migration version ${m.version} is defined twice`);
    seen.add(m.version);
  }
  return [...migrations].sort((a, b) => a.version - b.version);
}

/** Refuses a database whose schema is newer than the newest known migration. */
export function refuseNewerSchema(applied: Iterable<number>, migrations: readonly Migration[]): void {
  const found = Math.max(0, ...applied);
  const known = Math.max(0, ...migrations.map((m) => m.version));
  if (found > known) throw new SchemaTooNewError(found, known);
}

export function migrate(db: Database.Database, migrations: readonly Migration[]): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const steps = ordered(migrations);
  const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  refuseNewerSchema(applied, steps);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const ran: number[] = [];
  for (const m of steps) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      if (typeof m.sqlite === 'string') db.exec(m.sqlite);
      else m.sqlite(db);
      record.run(m.version, m.name, Date.now());
    })();
    ran.push(m.version);
  }
  return ran;
}
