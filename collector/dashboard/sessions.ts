import { createHmac, randomBytes } from 'node:crypto';
import { parse as parseCookies } from 'hono/utils/cookie';
import type { SessionCheck } from '../api/auth.js';
import type { DashboardSessions } from '../store/port/parts.js';
import type { AuditStore, NewAuditEntry, SessionOwner, TeamReads, UserStore } from '../store/port/team.js';

/** The cookie that carries a dashboard session id. */
export const SESSION_COOKIE = 'kindling_session';

/** 32 random bytes, base64url: the cookie value. Only its SHA-256 is stored. */
const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A sign-in (which also sweeps expired rows) or a sign-out, as the store applies it in one write. */
export type SessionChange =
  | { kind: 'create'; idHash: string; createdAt: number; expiresAt: number; userId: number | null; audit?: NewAuditEntry }
  | { kind: 'remove'; idHash: string };

/** Where sessions live: the shared database, so a sign-in on one collector is valid on all. */
export interface SessionRows {
  /** Read outside a write: the check each API request makes, joined with the session's user as it is now. */
  read: Pick<TeamReads, 'session'>;
  /** Applies a change in one write transaction of the store. */
  save(change: SessionChange): Promise<void>;
}

/** The rows a session change writes: the session, the user's last sign-in, the audit entry. */
export interface SessionTx {
  sessions: DashboardSessions;
  users: Pick<UserStore, 'signedIn'>;
  audit: Pick<AuditStore, 'append'>;
}

/** Applies a change inside the caller's write transaction: a sign-in and its audit entry commit together. */
export async function applySessionChange(tx: SessionTx, change: SessionChange): Promise<void> {
  if (change.kind === 'remove') return tx.sessions.remove(change.idHash);
  await tx.sessions.removeExpired(change.createdAt);
  await tx.sessions.insert(change);
  if (change.userId !== null) await tx.users.signedIn(change.userId, change.createdAt);
  if (change.audit) await tx.audit.append(change.audit);
}

/** Session rows whose changes go through the writer's transactions (the collector's one write path). */
export function writerSessionRows(
  read: Pick<TeamReads, 'session'>,
  writer: { transact(job: (tx: SessionTx) => Promise<void>): Promise<void> },
): SessionRows {
  return { read, save: (change) => writer.transact((tx) => applySessionChange(tx, change)) };
}

export interface SessionStoreOptions {
  rows: SessionRows;
  /** Sessions are bound to the admin token they were created under: rotating it ends them all (users' too). */
  adminToken: string;
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
  /** A new session for a user, or (null) for the admin token; `audit` is recorded in the same transaction. */
  create(userId?: number | null, audit?: NewAuditEntry): Promise<NewSession>;
  /** The live session and its user, or null when the id is unknown, malformed or expired, or its user removed. */
  owner(id: string | undefined): Promise<SessionOwner | null>;
  /** Expiry of a live session, or null (as `owner`). */
  expiresAt(id: string | undefined): Promise<number | null>;
  /** For `authenticate`: the live session this Cookie header carries, if any. */
  check: SessionCheck;
  destroy(id: string | undefined): Promise<void>;
}

/**
 * What is stored of a session id: its HMAC-SHA256 keyed with the admin token. A restart with a new
 * `KINDLING_ADMIN_TOKEN` computes other hashes, so every session of the old token stops matching —
 * rotating the token signs everyone out without a list to revoke (the rows expire and are swept).
 */
export function hashSessionId(id: string, adminToken: string): string {
  return createHmac('sha256', adminToken).update(id).digest('hex');
}

export function sessionIdFromCookieHeader(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  return parseCookies(cookieHeader, SESSION_COOKIE)[SESSION_COOKIE];
}

/**
 * Sign-in sessions kept in the database so they survive a restart and reach every collector.
 * Creating and deleting are writes of the store; checking is a read of one primary-key row per API
 * request. Expired rows are swept whenever someone signs in, which is the only time the table grows.
 */
export function createSessionStore(options: SessionStoreOptions): SessionStore {
  const { rows, ttlMs, adminToken } = options;
  const hash = (id: string) => hashSessionId(id, adminToken);
  const clock = options.clock ?? Date.now;

  const owner = async (id: string | undefined): Promise<SessionOwner | null> => {
    if (!id || !SESSION_ID_PATTERN.test(id)) return null;
    return rows.read.session(hash(id), clock());
  };

  return {
    async create(userId = null, audit) {
      const id = randomBytes(32).toString('base64url');
      const now = clock();
      const session = { id, expiresAt: now + ttlMs };
      await rows.save({ kind: 'create', idHash: hash(id), createdAt: now, expiresAt: session.expiresAt, userId, audit });
      return session;
    },
    owner,
    expiresAt: async (id) => (await owner(id))?.expiresAt ?? null,
    check: (cookieHeader) => owner(sessionIdFromCookieHeader(cookieHeader)),
    async destroy(id) {
      if (!id || !SESSION_ID_PATTERN.test(id)) return;
      await rows.save({ kind: 'remove', idHash: hash(id) });
    },
  };
}
