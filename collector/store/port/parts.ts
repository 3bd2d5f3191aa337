import type { NewEvent, StoredEvent } from '../../events/types.js';

/**
 * The parts of the storage port that need no engine change: the event log's append, settings,
 * and dashboard sessions. Both stores implement them (store/sqlite, store/postgres) and one
 * behavioural test table runs against both (store/parts.test.ts).
 */

/** The append-only event log. */
export interface EventLog {
  /**
   * Appends what is new, deduplicated on (site, event id) — against stored events and within the
   * call (the first wins) — and widens each visitor's first/last seen. Returns exactly the events
   * stored, in input order, with their log position `seq` (increasing).
   */
  append(events: readonly NewEvent[]): Promise<StoredEvent[]>;
}

/** The small key/value table (admin token, rank epoch, rules fingerprint). */
export interface Settings {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
}

/** Dashboard sign-in sessions, by the SHA-256 of the cookie value (the value itself is never stored). */
export interface DashboardSessions {
  /** `userId` null (or absent): a session signed in with the admin token. */
  insert(session: { idHash: string; createdAt: number; expiresAt: number; userId?: number | null }): Promise<void>;
  /** The expiry of a session still live at `now`, else null. */
  liveUntil(idHash: string, now: number): Promise<number | null>;
  remove(idHash: string): Promise<void>;
  /** Ends every session of one user (a password change or reset); returns how many. */
  removeOfUser(userId: number): Promise<number>;
  /** Deletes sessions expired at `now`; returns how many. */
  removeExpired(now: number): Promise<number>;
}
