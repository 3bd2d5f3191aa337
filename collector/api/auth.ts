import { timingSafeEqual, createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { unauthorized } from '../errors.js';

/** Compares digests so neither length nor content leaks through timing. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export type SessionCheck = (cookieHeader: string | undefined) => boolean;

/**
 * Guards /api/*: `Authorization: Bearer <admin token>`, or a valid dashboard session when a
 * session check is plugged in. Anything else is a 401.
 */
export function requireAdmin(adminToken: string, sessionCheck?: SessionCheck): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const bearer = header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
    if (bearer ? tokensEqual(bearer, adminToken) : sessionCheck?.(c.req.header('cookie'))) return next();
    throw unauthorized();
  };
}
