import { createHash, randomBytes } from 'node:crypto';
import { parse as parseCookies } from 'hono/utils/cookie';
import type { DB } from '../db/index.js';
import type { Writer } from '../writer/index.js';
import type { SessionCheck } from '../api/auth.js';

/** The cookie that carries a dashboard session id. */
export const SESSION_COOKIE = 'kindling_session';

/** 32 random bytes, base64url: the cookie value. Only its SHA-256 is stored. */
const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface SessionStoreOptions {
  db: DB;
  writer: Writer;
  /** How long a sign-in lasts (absolute, from sign-in). */
  ttlMs: number;
  clock?: () => number;
}

export interface NewSession {
  /** The cookie value; shown to the browser once, never stored. */
  id: string;
  expiresAt: number;
}

export interface SessionStore {
  create(): Promise<NewSession>;
  /** Expiry of a live session, or null when the id is unknown, malformed or expired. */
  expiresAt(id: string | undefined): number | null;
  /** For `requireAdmin`: does this Cookie header carry a live session? */
  check: SessionCheck;
  destroy(id: string | undefined): Promise<void>;
}

export function hashSessionId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

export function sessionIdFromCookieHeader(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  return parseCookies(cookieHeader, SESSION_COOKIE)[SESSION_COOKIE];
}

/**
 * Sign-in sessions kept in SQLite so they survive a restart. Creating and deleting go through
 * the one writer; checking is a read of one primary-key row per API request. Expired rows are
 * swept whenever someone signs in, which is the only time the table grows.
 */
export function createSessionStore(options: SessionStoreOptions): SessionStore {
  const { db, writer, ttlMs } = options;
  const clock = options.clock ?? Date.now;
  const selectLive = db.prepare<[string, number], { expires_at: number }>(
    'SELECT expires_at FROM dashboard_sessions WHERE id_hash = ? AND expires_at > ?',
  );

  const expiresAt = (id: string | undefined): number | null => {
    if (!id || !SESSION_ID_PATTERN.test(id)) return null;
    return selectLive.get(hashSessionId(id), clock())?.expires_at ?? null;
  };

  return {
    async create() {
      const id = randomBytes(32).toString('base64url');
      const now = clock();
      const session = { id, expiresAt: now + ttlMs };
      await writer.transact((ctx) => {
        ctx.db.prepare('DELETE FROM dashboard_sessions WHERE expires_at <= ?').run(now);
        ctx.db
          .prepare('INSERT INTO dashboard_sessions (id_hash, created_at, expires_at) VALUES (?, ?, ?)')
          .run(hashSessionId(id), now, session.expiresAt);
      });
      return session;
    },
    expiresAt,
    check: (cookieHeader) => expiresAt(sessionIdFromCookieHeader(cookieHeader)) !== null,
    async destroy(id) {
      if (!id || !SESSION_ID_PATTERN.test(id)) return;
      const hash = hashSessionId(id);
      await writer.transact((ctx) => {
        ctx.db.prepare('DELETE FROM dashboard_sessions WHERE id_hash = ?').run(hash);
      });
    },
  };
}
