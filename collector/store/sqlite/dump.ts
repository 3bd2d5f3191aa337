import type { DB } from '../../db/index.js';

/**
 * Every row of every table (FTS shadow tables included), rows in a stable order: two dumps are
 * equal exactly when the database content is. Tests use it to prove a read-only job wrote nothing.
 */
export function dumpDatabase(db: DB): Record<string, string[]> {
  const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
  const dump: Record<string, string[]> = {};
  for (const { name } of tables) {
    // Table names come from sqlite_master, not from input; quoting keeps odd names safe.
    const rows = db
      .prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`)
      .raw()
      .all() as unknown[][];
    dump[name] = rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v))).sort();
  }
  return dump;
}
