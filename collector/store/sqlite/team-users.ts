import type { DB } from '../../db/index.js';
import type { NewUser, Role, SessionOwner, User, UserChange } from '../port/team.js';

/** A `users` row as both stores return it (SQLite's `available` is 0/1, PostgreSQL's a boolean). */
export interface UserRow {
  id: number;
  email: string;
  name: string;
  role: Role;
  has_password: number | boolean;
  available: number | boolean;
  created_at: number;
  updated_at: number;
  last_sign_in_at: number | null;
  removed_at: number | null;
}

/** The columns of a `User`: never the password hash. */
export const USER_COLUMNS =
  'id, email, name, role, password_hash IS NOT NULL AS has_password, available, created_at, updated_at, last_sign_in_at, removed_at';

const flag = (v: number | boolean) => v === 1 || v === true;

export const toUser = (row: UserRow): User => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  available: flag(row.available),
  hasPassword: flag(row.has_password),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  lastSignInAt: row.last_sign_in_at,
  removedAt: row.removed_at,
});

/** One address is one user whatever its case (the unique index is on the stored form). */
export const normalEmail = (email: string) => email.trim().toLowerCase();

export interface SessionRow {
  expires_at: number;
  user_id: number | null;
  email: string | null;
  name: string | null;
  role: Role | null;
}

export const toSessionOwner = (row: SessionRow): SessionOwner => ({
  expiresAt: row.expires_at,
  user: row.user_id === null ? null : { id: row.user_id, email: row.email!, name: row.name!, role: row.role! },
});

/** `users` on SQLite: synchronous statements inside the caller's transaction (or autocommitted reads). */
export function sqliteUserRows(db: DB) {
  const insert = db.prepare(`INSERT INTO users (email, name, role, password_hash, available, created_at, updated_at)
    VALUES (@email, @name, @role, @passwordHash, @available, @now, @now) ON CONFLICT DO NOTHING`);
  const byId = db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`);
  const byEmail = db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE email = ? AND removed_at IS NULL`);
  const list = db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE removed_at IS NULL ORDER BY id`);
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users WHERE removed_at IS NULL');
  const hash = db.prepare<[number], { password_hash: string | null }>('SELECT password_hash FROM users WHERE id = ?');
  const update = db.prepare(`UPDATE users SET name = coalesce(@name, name), role = coalesce(@role, role),
    available = coalesce(@available, available), updated_at = @now WHERE id = @id AND removed_at IS NULL`);
  const setPassword = db.prepare('UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?');
  const signedIn = db.prepare('UPDATE users SET last_sign_in_at = ? WHERE id = ?');
  const remove = db.prepare('UPDATE users SET removed_at = ?, updated_at = ? WHERE id = ? AND removed_at IS NULL');
  const endSessions = db.prepare('DELETE FROM dashboard_sessions WHERE user_id = ?');
  const endLinks = db.prepare('DELETE FROM user_links WHERE user_id = ?');
  const one = (row: unknown) => (row ? toUser(row as UserRow) : null);

  return {
    insert(user: NewUser, now: number): number | null {
      const r = insert.run({
        email: normalEmail(user.email),
        name: user.name,
        role: user.role,
        passwordHash: user.passwordHash,
        available: user.available === false ? 0 : 1,
        now,
      });
      return r.changes === 1 ? Number(r.lastInsertRowid) : null;
    },
    get: (id: number) => one(byId.get(id)),
    byEmail: (email: string) => one(byEmail.get(normalEmail(email))),
    list: () => (list.all() as UserRow[]).map(toUser),
    count: () => count.get()!.n,
    passwordHash: (id: number) => hash.get(id)?.password_hash ?? null,
    update(id: number, change: UserChange, now: number): boolean {
      const available = change.available === undefined ? null : change.available ? 1 : 0;
      return update.run({ id, name: change.name ?? null, role: change.role ?? null, available, now }).changes === 1;
    },
    setPassword: (id: number, passwordHash: string, now: number) => void setPassword.run(passwordHash, now, id),
    signedIn: (id: number, now: number) => void signedIn.run(now, id),
    remove(id: number, now: number): boolean {
      if (remove.run(now, now, id).changes !== 1) return false;
      endSessions.run(id);
      endLinks.run(id);
      return true;
    },
  };
}
