import type { Context } from 'hono';
import type { Actor, Role, Scope } from '../store/port/team.js';

/**
 * Who is acting on a request: a signed-in user (with the role their row has now), an API key
 * (with its scopes), or the admin token (automation and bootstrapping: may do everything).
 * Set once per /api request by `authenticate` (api/auth.ts); read with `principalOf(c)`.
 */
export type Principal =
  | { kind: 'user'; id: number; role: Role; email: string; name: string }
  | { kind: 'key'; id: number; scopes: readonly Scope[]; name: string }
  | { kind: 'token' };

/** How the request proved itself: a Bearer credential (token or key) or the dashboard's session cookie. */
export type AuthKind = 'token' | 'session';

export type AuthEnv = { Variables: { auth: AuthKind; principal: Principal } };

export function principalOf(c: Context): Principal {
  const principal = c.get('principal') as Principal | undefined;
  if (!principal) throw new Error('principalOf: no principal on this request (is the route under /api and authenticate in front?)');
  return principal;
}

/** The audit log's actor of a principal: its label is kept as it is now, so the entry still reads right later. */
export function actorOf(principal: Principal): Actor {
  switch (principal.kind) {
    case 'user':
      return { kind: 'user', id: principal.id, label: principal.email };
    case 'key':
      return { kind: 'key', id: principal.id, label: principal.name };
    case 'token':
      return { kind: 'token', id: null, label: 'admin token' };
  }
}

/** The actor of the request: `actorOf(principalOf(c))`. */
export const actorFor = (c: Context): Actor => actorOf(principalOf(c));
