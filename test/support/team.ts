import type { Kindling } from '../../collector/kindling.js';
import type { Role, Scope } from '../../collector/store/port/team.js';
import { hashPassword } from '../../collector/team/passwords.js';

/** A password that passes the policy, for test users. */
export const TEST_PASSWORD = 'Velvet tractor 19 pianos';

/** Headers a same-origin browser page sends with its JSON writes (the CSRF check's). */
export const BROWSER_WRITE = { 'content-type': 'application/json', origin: 'http://localhost' };

/** A user with a password, made through the port (as an accepted invite leaves it). */
export async function addUser(k: Pick<Kindling, 'store'>, email: string, role: Role, password = TEST_PASSWORD): Promise<number> {
  const passwordHash = await hashPassword(password);
  const id = await k.store.transaction((tx) => tx.users.insert({ email, name: email.split('@')[0]!, role, passwordHash }, Date.now()));
  if (id === null) throw new Error(`addUser: ${email} exists`);
  return id;
}

/** Signs in by email and password through `/auth/login`; the session cookie to send back. */
export async function signInAs(k: Pick<Kindling, 'app'>, email: string, password = TEST_PASSWORD): Promise<string> {
  const res = await k.app.request('/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`signInAs ${email}: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

/** Creates an API key through the API (as the admin token); the key itself, shown once. */
export async function addKey(
  k: Pick<Kindling, 'app' | 'adminToken'>,
  name: string,
  scopes: Scope[],
): Promise<{ id: number; secret: string }> {
  const res = await k.app.request('/api/keys', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${k.adminToken}` },
    body: JSON.stringify({ name, scopes }),
  });
  const body = (await res.json()) as { key: { id: number }; secret: string };
  if (res.status !== 201) throw new Error(`addKey: ${res.status} ${JSON.stringify(body)}`);
  return { id: body.key.id, secret: body.secret };
}
