import type { ApiKeyStore, AuditStore, LinkStore, TeamReads, TeamStores, UserStore } from '../port/team.js';
import { USER_COLUMNS, normalEmail, toUser, type UserRow } from '../sqlite/team-users.js';
import { API_KEY_COLUMNS, toApiKey, type ApiKeyRow } from '../sqlite/team-keys.js';
import { auditPageParams, toAuditEntry, type AuditRow } from '../sqlite/team-audit.js';
import { toSessionOwner, type SessionRow } from '../sqlite/team.js';
import type { SqlOrTx } from './connect.js';

function postgresUsers(sql: SqlOrTx): UserStore {
  const cols = () => sql.unsafe(USER_COLUMNS);
  const one = (rows: UserRow[]) => (rows[0] ? toUser(rows[0]) : null);
  return {
    async insert(u, now) {
      const [row] = await sql<{ id: number }[]>`INSERT INTO users (email, name, role, password_hash, available, created_at, updated_at)
        VALUES (${normalEmail(u.email)}, ${u.name}, ${u.role}, ${u.passwordHash}, ${u.available !== false}, ${now}, ${now})
        ON CONFLICT DO NOTHING RETURNING id`;
      return row?.id ?? null;
    },
    get: async (id) => one(await sql<UserRow[]>`SELECT ${cols()} FROM users WHERE id = ${id}`),
    byEmail: async (email) =>
      one(await sql<UserRow[]>`SELECT ${cols()} FROM users WHERE email = ${normalEmail(email)} AND removed_at IS NULL`),
    list: async () => (await sql<UserRow[]>`SELECT ${cols()} FROM users WHERE removed_at IS NULL ORDER BY id`).map(toUser),
    count: async () => (await sql<{ n: number }[]>`SELECT count(*)::bigint AS n FROM users WHERE removed_at IS NULL`)[0]!.n,
    passwordHash: async (id) =>
      (await sql<{ password_hash: string | null }[]>`SELECT password_hash FROM users WHERE id = ${id}`)[0]?.password_hash ?? null,
    async update(id, c, now) {
      const r = await sql`UPDATE users SET name = coalesce(${c.name ?? null}, name), role = coalesce(${c.role ?? null}, role),
        available = coalesce(${c.available ?? null}::boolean, available), updated_at = ${now} WHERE id = ${id} AND removed_at IS NULL`;
      return r.count === 1;
    },
    async setPassword(id, hash, now) {
      await sql`UPDATE users SET password_hash = ${hash}, updated_at = ${now} WHERE id = ${id}`;
    },
    async signedIn(id, now) {
      await sql`UPDATE users SET last_sign_in_at = ${now} WHERE id = ${id}`;
    },
    async remove(id, now) {
      const r = await sql`UPDATE users SET removed_at = ${now}, updated_at = ${now} WHERE id = ${id} AND removed_at IS NULL`;
      if (r.count !== 1) return false;
      await sql`DELETE FROM dashboard_sessions WHERE user_id = ${id}`;
      await sql`DELETE FROM user_links WHERE user_id = ${id}`;
      return true;
    },
  };
}

function postgresLinks(sql: SqlOrTx): LinkStore {
  return {
    async insert(l) {
      await sql`INSERT INTO user_links (token_hash, purpose, user_id, created_at, expires_at)
        VALUES (${l.tokenHash}, ${l.purpose}, ${l.userId}, ${l.createdAt}, ${l.expiresAt})`;
    },
    async peek(hash, purpose, now) {
      const [row] = await sql<{ user_id: number | null; expires_at: number }[]>`SELECT user_id, expires_at FROM user_links
        WHERE token_hash = ${hash} AND purpose = ${purpose} AND used_at IS NULL AND expires_at > ${now}`;
      return row ? { userId: row.user_id, expiresAt: row.expires_at } : null;
    },
    // One UPDATE: of two collectors taking the same link, the second waits on the row lock and then finds it used.
    async take(hash, purpose, now) {
      const [row] = await sql<{ user_id: number | null }[]>`UPDATE user_links SET used_at = ${now}
        WHERE token_hash = ${hash} AND purpose = ${purpose} AND used_at IS NULL AND expires_at > ${now} RETURNING user_id`;
      return row ? { userId: row.user_id } : null;
    },
    countLive: async (purpose, now) =>
      (
        await sql<{ n: number }[]>`SELECT count(*)::bigint AS n FROM user_links
        WHERE purpose = ${purpose} AND used_at IS NULL AND expires_at > ${now}`
      )[0]!.n,
  };
}

function postgresApiKeys(sql: SqlOrTx): ApiKeyStore {
  const cols = () => sql.unsafe(API_KEY_COLUMNS);
  return {
    async insert(k, now) {
      const [row] = await sql<{ id: number }[]>`INSERT INTO api_keys (name, prefix, key_hash, scopes, created_by, created_at)
        VALUES (${k.name}, ${k.prefix}, ${k.keyHash}, ${k.scopes.join(' ')}, ${k.createdBy}, ${now}) RETURNING id`;
      return row!.id;
    },
    list: async () => (await sql<ApiKeyRow[]>`SELECT ${cols()} FROM api_keys ORDER BY id DESC`).map(toApiKey),
    async byHash(hash) {
      const [row] = await sql<ApiKeyRow[]>`SELECT ${cols()} FROM api_keys WHERE key_hash = ${hash} AND revoked_at IS NULL`;
      return row ? toApiKey(row) : null;
    },
    async touch(id, now) {
      await sql`UPDATE api_keys SET last_used_at = ${now} WHERE id = ${id}`;
    },
    revoke: async (id, now) => (await sql`UPDATE api_keys SET revoked_at = ${now} WHERE id = ${id} AND revoked_at IS NULL`).count === 1,
  };
}

function postgresAudit(sql: SqlOrTx): AuditStore {
  return {
    async scrubTarget(target) {
      await sql`UPDATE audit_log SET detail = NULL WHERE target = ${target}`;
    },
    async append(e) {
      await sql`INSERT INTO audit_log (at, actor_kind, actor_id, actor_label, action, target, detail)
        VALUES (${e.at}, ${e.actor.kind}, ${e.actor.id}, ${e.actor.label}, ${e.action}, ${e.target},
          ${e.detail === null ? null : JSON.stringify(e.detail)})`;
    },
    async page(o) {
      const p = auditPageParams(o);
      const rows = await sql<AuditRow[]>`SELECT * FROM audit_log
        WHERE (${p.actorKind}::text IS NULL OR actor_kind = ${p.actorKind}) AND (${p.actorId}::bigint IS NULL OR actor_id = ${p.actorId})
          AND (${p.action}::text IS NULL OR action = ${p.action}) AND (${p.target}::text IS NULL OR target = ${p.target})
          AND (${p.from}::bigint IS NULL OR at >= ${p.from}) AND (${p.to}::bigint IS NULL OR at <= ${p.to})
          AND (${p.beforeAt}::bigint IS NULL OR at < ${p.beforeAt} OR (at = ${p.beforeAt} AND id < ${p.beforeId}))
        ORDER BY at DESC, id DESC LIMIT ${p.limit}`;
      return rows.map(toAuditEntry);
    },
  };
}

/** The team stores on PostgreSQL, bound to a client or to one transaction. */
export function createPostgresTeamStores(sql: SqlOrTx): TeamStores {
  return { users: postgresUsers(sql), links: postgresLinks(sql), apiKeys: postgresApiKeys(sql), audit: postgresAudit(sql) };
}

/** The team reads on the pool; the session check joins the user row as it is now. */
export function createPostgresTeamReads(sql: SqlOrTx): TeamReads {
  return {
    ...createPostgresTeamStores(sql),
    async session(idHash, now) {
      const [row] = await sql<SessionRow[]>`SELECT s.expires_at, s.user_id, u.email, u.name, u.role
        FROM dashboard_sessions s LEFT JOIN users u ON u.id = s.user_id AND u.removed_at IS NULL
        WHERE s.id_hash = ${idHash} AND s.expires_at > ${now} AND (s.user_id IS NULL OR u.id IS NOT NULL)`;
      return row ? toSessionOwner(row) : null;
    },
  };
}
