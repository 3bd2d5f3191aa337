import type { DB } from '../../db/index.js';
import type { Writer } from '../../writer/index.js';
import type { SessionRows } from '../../dashboard/sessions.js';

/** `dashboard_sessions` on SQLite: synchronous, for use inside a writer transaction or a request's check. */
export function sqliteSessionRows(db: DB) {
  const insert = db.prepare('INSERT INTO dashboard_sessions (id_hash, created_at, expires_at) VALUES (?, ?, ?)');
  const live = db.prepare<[string, number], { expires_at: number }>(
    'SELECT expires_at FROM dashboard_sessions WHERE id_hash = ? AND expires_at > ?',
  );
  const remove = db.prepare('DELETE FROM dashboard_sessions WHERE id_hash = ?');
  const removeExpired = db.prepare('DELETE FROM dashboard_sessions WHERE expires_at <= ?');
  return {
    insert: (s: { idHash: string; createdAt: number; expiresAt: number }) => void insert.run(s.idHash, s.createdAt, s.expiresAt),
    liveUntil: (idHash: string, now: number) => live.get(idHash, now)?.expires_at ?? null,
    remove: (idHash: string) => void remove.run(idHash),
    removeExpired: (now: number) => removeExpired.run(now).changes,
  };
}

/** The dashboard's session rows on SQLite: checks read the connection, changes go through the one writer. */
export function sqliteSessionStore(db: DB, writer: Pick<Writer, 'transact'>): SessionRows {
  const rows = sqliteSessionRows(db);
  return {
    read: { liveUntil: async (idHash, now) => rows.liveUntil(idHash, now) },
    save: (change) =>
      writer.transact(() => {
        if (change.kind === 'remove') return rows.remove(change.idHash);
        rows.removeExpired(change.createdAt);
        rows.insert(change);
      }),
  };
}
