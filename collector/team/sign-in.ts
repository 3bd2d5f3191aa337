import type { PasswordCheck } from '../dashboard/auth-routes.js';
import type { KeyCheck } from '../api/auth.js';
import type { Actor, NewAuditEntry, TeamReads } from '../store/port/team.js';
import { decoyHash, verifyPassword } from './passwords.js';
import { API_KEY_PREFIX, sha256 } from './tokens.js';

/** An audit entry of a user's own act (signing in, joining). */
export function userAudit(user: { id: number; email: string }, action: string, at: number, detail: Record<string, unknown>): NewAuditEntry {
  const actor: Actor = { kind: 'user', id: user.id, label: user.email };
  return { at, actor, action, target: `user:${user.id}`, detail };
}

/**
 * Email + password: the user (not removed) with that email and a password set. An unknown email
 * still costs one scrypt against a decoy hash, so the answer time does not tell who has an account.
 */
export function createPasswordCheck(team: Pick<TeamReads, 'users'>): PasswordCheck {
  return async (email, password, now) => {
    const user = await team.users.byEmail(email);
    const hash = user ? await team.users.passwordHash(user.id) : null;
    const ok = await verifyPassword(password, hash ?? (await decoyHash()));
    if (!user || !hash || !ok) return null;
    return { userId: user.id, audit: userAudit(user, 'auth.sign_in', now, { method: 'password' }) };
  };
}

/** How often a key's last-used time is written: a busy integration does not turn every read into a write. */
export const KEY_TOUCH_EVERY_MS = 60_000;

/** A Bearer API key → its principal; records the last use (at most once a minute). */
export function createKeyCheck(
  team: Pick<TeamReads, 'apiKeys'>,
  touch: (id: number, now: number) => Promise<void>,
  clock: () => number,
): KeyCheck {
  return async (bearer) => {
    if (!bearer.startsWith(API_KEY_PREFIX) || bearer.length > 200) return null;
    const key = await team.apiKeys.byHash(sha256(bearer));
    if (!key) return null;
    const now = clock();
    if (key.lastUsedAt === null || now - key.lastUsedAt >= KEY_TOUCH_EVERY_MS) await touch(key.id, now);
    return { kind: 'key', id: key.id, scopes: key.scopes, name: key.name };
  };
}
