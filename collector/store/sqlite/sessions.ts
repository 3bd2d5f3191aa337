import type { DB } from '../../db/index.js';

/** `dashboard_sessions` on SQLite: synchronous, for use inside a writer transaction or a request's check. */
export function sqliteSessionRows(db: DB) {
  const insert = db.prepare('INSERT INTO dashboard_sessions (id_hash, created_at, expires_at, user_id) VALUES (?, ?, ?, ?)');
  const live = db.prepare<[string, number], { expires_at: number }>(
    'SELECT expires_at FROM dashboard_sessions WHERE id_hash = ? AND expires_at > ?',
  );
  const remove = db.prepare('DELETE FROM dashboard_sessions WHERE id_hash = ?');
  const removeOfUser = db.prepare('DELETE FROM dashboard_sessions WHERE user_id = ?');
  const removeExpired = db.prepare('DELETE FROM dashboard_sessions WHERE expires_at <= ?');
  return {
    insert: (s: { idHash: string; createdAt: number; expiresAt: number; userId?: number | null }) =>
      void insert.run(s.idHash, s.createdAt, s.expiresAt, s.userId ?? null),
    liveUntil: (idHash: string, now: number) => live.get(idHash, now)?.expires_at ?? null,
    remove: (idHash: string) => void remove.run(idHash),
    removeOfUser: (userId: number) => removeOfUser.run(userId).changes,
    removeExpired: (now: number) => removeExpired.run(now).changes,
  };
}
