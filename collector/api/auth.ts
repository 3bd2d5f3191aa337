import { timingSafeEqual, createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { unauthorized } from '../errors.js';
import type { SessionOwner } from '../store/port/team.js';
import type { AuthEnv, Principal } from './principal.js';

export type { AuthEnv, AuthKind, Principal } from './principal.js';

/** Compares digests so neither length nor content leaks through timing. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The live session a Cookie header carries, with its user as the row is now; null when none. */
export type SessionCheck = (cookieHeader: string | undefined) => Promise<SessionOwner | null>;

/** A Bearer value that is not the admin token: an API key's principal, or null when unknown or revoked. */
export type KeyCheck = (bearer: string) => Promise<Principal | null>;

export interface AuthenticateOptions {
  adminToken: string;
  sessionCheck?: SessionCheck;
  keyCheck?: KeyCheck;
}

const sessionPrincipal = (owner: SessionOwner): Principal => (owner.user ? { kind: 'user', ...owner.user } : { kind: 'token' });

/**
 * Guards /api/*: `Authorization: Bearer <admin token | API key>`, or a live dashboard session.
 * Anything else is a 401. Sets who is acting (`c.var.principal`; what they may do is
 * api/access.ts) and how they proved it (`c.var.auth`): only a session rides an ambient
 * credential, so only a session write needs the same-origin check.
 */
export function authenticate(options: AuthenticateOptions): MiddlewareHandler<AuthEnv> {
  const { adminToken, sessionCheck, keyCheck } = options;
  return async (c, next) => {
    const header = c.req.header('authorization');
    const bearer = header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
    if (bearer) {
      const principal = tokensEqual(bearer, adminToken) ? ({ kind: 'token' } as const) : await keyCheck?.(bearer);
      if (!principal) throw unauthorized('missing or invalid admin token or API key');
      c.set('auth', 'token');
      c.set('principal', principal);
    } else {
      const owner = sessionCheck ? await sessionCheck(c.req.header('cookie')) : null;
      if (!owner) throw unauthorized();
      c.set('auth', 'session');
      c.set('principal', sessionPrincipal(owner));
    }
    await next();
  };
}
