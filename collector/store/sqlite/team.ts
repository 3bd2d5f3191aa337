import type { DB } from '../../db/index.js';
import { asAsync } from '../port/async.js';
import type { SessionOwner, TeamReads, TeamStores } from '../port/team.js';
import { sqliteApiKeyRows, sqliteLinkRows } from './team-keys.js';
import { sqliteAuditRows } from './team-audit.js';
import { sqliteUserRows, type UserRow } from './team-users.js';

/** The team stores on SQLite, prepared once per database, in the port's async shape. */
export function createSqliteTeamStores(db: DB): TeamStores {
  return {
    users: asAsync(sqliteUserRows(db)),
    links: asAsync(sqliteLinkRows(db)),
    apiKeys: asAsync(sqliteApiKeyRows(db)),
    audit: asAsync(sqliteAuditRows(db)),
  };
}

/** A session joined with its live user (null columns for an admin-token session). */
export type SessionRow = { expires_at: number; user_id: number | null } & Pick<UserRow, 'email' | 'name' | 'role'>;

export const toSessionOwner = (row: SessionRow): SessionOwner => ({
  expiresAt: row.expires_at,
  user: row.user_id === null ? null : { id: row.user_id, email: row.email, name: row.name, role: row.role },
});

/**
 * The team reads outside a unit: the same statements (autocommitted reads on the one connection)
 * plus the per-request session check, joined with the user row as it is now, so a removed user's
 * sessions stop matching at once and a demotion counts on the next request.
 */
export function createSqliteTeamReads(db: DB, stores: TeamStores = createSqliteTeamStores(db)): TeamReads {
  const session = db.prepare<[string, number], SessionRow>(
    `SELECT s.expires_at, s.user_id, u.email, u.name, u.role
      FROM dashboard_sessions s LEFT JOIN users u ON u.id = s.user_id AND u.removed_at IS NULL
      WHERE s.id_hash = ? AND s.expires_at > ? AND (s.user_id IS NULL OR u.id IS NOT NULL)`,
  );
  return {
    ...stores,
    session(idHash, now): Promise<SessionOwner | null> {
      const row = session.get(idHash, now);
      return Promise.resolve(row ? toSessionOwner(row) : null);
    },
  };
}
