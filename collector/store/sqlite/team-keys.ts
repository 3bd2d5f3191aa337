import type { DB } from '../../db/index.js';
import type { ApiKey, LinkPurpose, NewApiKey, NewLink, Scope } from '../port/team.js';

/** An `api_keys` row as both stores return it. */
export interface ApiKeyRow {
  id: number;
  name: string;
  prefix: string;
  scopes: string;
  created_by: number | null;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

/** Scopes are stored space-separated, in the order given. */
export const toApiKey = (row: ApiKeyRow): ApiKey => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  scopes: row.scopes.split(' ').filter(Boolean) as Scope[],
  createdBy: row.created_by,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
});

export const API_KEY_COLUMNS = 'id, name, prefix, scopes, created_by, created_at, last_used_at, revoked_at';

/** `api_keys` on SQLite. */
export function sqliteApiKeyRows(db: DB) {
  const insert = db.prepare(`INSERT INTO api_keys (name, prefix, key_hash, scopes, created_by, created_at)
    VALUES (?, ?, ?, ?, ?, ?)`);
  const list = db.prepare(`SELECT ${API_KEY_COLUMNS} FROM api_keys ORDER BY id DESC`);
  const byHash = db.prepare(`SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL`);
  const touch = db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?');
  const revoke = db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  return {
    insert: (k: NewApiKey, now: number) =>
      Number(insert.run(k.name, k.prefix, k.keyHash, k.scopes.join(' '), k.createdBy, now).lastInsertRowid),
    list: () => (list.all() as ApiKeyRow[]).map(toApiKey),
    byHash(keyHash: string): ApiKey | null {
      const row = byHash.get(keyHash) as ApiKeyRow | undefined;
      return row ? toApiKey(row) : null;
    },
    touch: (id: number, now: number) => void touch.run(now, id),
    revoke: (id: number, now: number) => revoke.run(now, id).changes === 1,
  };
}

/** `user_links` on SQLite: one-time links, used by the first taker only. */
export function sqliteLinkRows(db: DB) {
  const insert = db.prepare('INSERT INTO user_links (token_hash, purpose, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)');
  const peek = db.prepare<[string, string, number], { user_id: number | null; expires_at: number }>(
    'SELECT user_id, expires_at FROM user_links WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?',
  );
  const take = db.prepare<[number, string, string, number], { user_id: number | null }>(
    `UPDATE user_links SET used_at = ? WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ? RETURNING user_id`,
  );
  const countLive = db.prepare<[string, number], { n: number }>(
    'SELECT count(*) AS n FROM user_links WHERE purpose = ? AND used_at IS NULL AND expires_at > ?',
  );
  return {
    insert: (l: NewLink) => void insert.run(l.tokenHash, l.purpose, l.userId, l.createdAt, l.expiresAt),
    peek(tokenHash: string, purpose: LinkPurpose, now: number) {
      const row = peek.get(tokenHash, purpose, now);
      return row ? { userId: row.user_id, expiresAt: row.expires_at } : null;
    },
    take(tokenHash: string, purpose: LinkPurpose, now: number) {
      const row = take.get(now, tokenHash, purpose, now);
      return row ? { userId: row.user_id } : null;
    },
    countLive: (purpose: LinkPurpose, now: number) => countLive.get(purpose, now)!.n,
  };
}
