import { timingSafeEqual, createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { unauthorized } from '../errors.js';

/** Compares digests so neither length nor content leaks through timing. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export type SessionCheck = (cookieHeader: string | undefined) => Promise<boolean>;

/** How the request proved it may use the API: a Bearer token (automation) or a dashboard session cookie. */
export type AuthKind = 'token' | 'session';
export type AuthEnv = { Variables: { auth: AuthKind } };

/**
 * Guards /api/*: `Authorization: Bearer <admin token>`, or a valid dashboard session when a
 * session check is plugged in. Anything else is a 401. Records which one it was (`c.var.auth`):
 * only a session rides an ambient credential, so only a session write needs the same-origin check.
 */
export function requireAdmin(adminToken: string, sessionCheck?: SessionCheck): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const bearer = header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
    if (bearer) {
      if (!tokensEqual(bearer, adminToken)) throw unauthorized();
      c.set('auth', 'token');
    } else if (sessionCheck && (await sessionCheck(c.req.header('cookie')))) {
      c.set('auth', 'session');
    } else {
      throw unauthorized();
    }
    await next();
  };
}
