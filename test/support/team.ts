import { randomBytes } from 'node:crypto';
import type { Kindling } from '../../collector/kindling.js';
import { hashSessionId, SESSION_COOKIE } from '../../collector/dashboard/sessions.js';
import type { Role } from '../../collector/store/port/team.js';

/** A user made through the store's team port (as an accepted invite leaves it). */
export async function addUser(k: Pick<Kindling, 'store'>, email: string, role: Role, available = true): Promise<number> {
  const id = await k.store.transaction((tx) =>
    tx.users.insert({ email, name: email.split('@')[0]!, role, passwordHash: null, available }, 0),
  );
  if (id === null) throw new Error(`user ${email} exists`);
  return id;
}

/**
 * A dashboard session of this user, stored as sign-in stores one; the same-origin headers and the
 * cookie to send with API calls. (The password sign-in is exercised by its own tests and the
 * end-to-end test; API tests of other parts only need to be someone.)
 */
export async function sessionOf(k: Pick<Kindling, 'store' | 'adminToken' | 'config'>, userId: number): Promise<Record<string, string>> {
  const id = randomBytes(32).toString('base64url');
  const now = Date.now();
  await k.store.transaction((tx) =>
    tx.sessions.insert({ idHash: hashSessionId(id, k.adminToken), createdAt: now, expiresAt: now + 3_600_000, userId }),
  );
  return { cookie: `${SESSION_COOKIE}=${id}`, origin: k.config.publicUrl, 'content-type': 'application/json' };
}
