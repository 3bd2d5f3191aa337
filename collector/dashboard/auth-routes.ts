import { Hono, type Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { tokensEqual } from '../api/auth.js';
import { badRequest, tooManyRequests, unauthorized } from '../errors.js';
import { SESSION_COOKIE, sessionIdFromCookieHeader, type SessionStore } from './sessions.js';

const loginBody = z.strictObject({ token: z.string().min(1).max(500) });

/** Failed sign-ins allowed per client before it must wait; the token is long, this only slows guessing. */
export const LOGIN_THROTTLE = { failures: 10, windowMs: 5 * 60_000 } as const;

export interface AuthRoutesOptions {
  adminToken: string;
  sessions: SessionStore;
  ttlMs: number;
  /** Mark the cookie Secure (the dashboard is served over https). */
  secureCookie: boolean;
  /** Who is signing in, for throttling failures (the client address). */
  clientKey: (c: Context) => string;
  clock?: () => number;
}

async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw badRequest('body must be JSON: {"token": "…"}');
  }
}

/** Counts failures per client in a fixed window; a success does not reset it (no oracle). */
function createFailureThrottle(clock: () => number) {
  const failures = new Map<string, { count: number; since: number }>();
  return {
    /** Seconds to wait, or null when this client may try. */
    blockedFor(key: string): number | null {
      const f = failures.get(key);
      if (!f) return null;
      const left = f.since + LOGIN_THROTTLE.windowMs - clock();
      if (left <= 0) {
        failures.delete(key);
        return null;
      }
      return f.count >= LOGIN_THROTTLE.failures ? Math.ceil(left / 1000) : null;
    },
    fail(key: string): void {
      const f = failures.get(key);
      if (f) f.count++;
      else failures.set(key, { count: 1, since: clock() });
      if (failures.size > 10_000) failures.delete(failures.keys().next().value!);
    },
  };
}

/**
 * Sign-in for the dashboard: the admin token is exchanged for an HttpOnly, SameSite=Strict
 * session cookie, so the token never sits in page-readable storage and other sites cannot ride
 * the session. `GET /auth/session` lets the page ask whether it is signed in without a 401.
 */
export function authRoutes(options: AuthRoutesOptions): Hono {
  const { adminToken, sessions, ttlMs, secureCookie, clientKey } = options;
  const throttle = createFailureThrottle(options.clock ?? Date.now);
  const app = new Hono();

  app.post('/auth/login', async (c) => {
    const key = clientKey(c);
    const wait = throttle.blockedFor(key);
    if (wait !== null) throw tooManyRequests(wait);
    const parsed = loginBody.safeParse(await readJson(c));
    if (!parsed.success) throw badRequest('body must be {"token": "…"}', parsed.error.issues.map((i) => i.message));
    if (!tokensEqual(parsed.data.token, adminToken)) {
      throttle.fail(key);
      throw unauthorized('wrong admin token');
    }
    const session = await sessions.create();
    setCookie(c, SESSION_COOKIE, session.id, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: secureCookie,
      maxAge: Math.floor(ttlMs / 1000),
    });
    return c.json({ signedIn: true, expiresAt: session.expiresAt });
  });

  app.post('/auth/logout', async (c) => {
    await sessions.destroy(sessionIdFromCookieHeader(c.req.header('cookie')));
    deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Strict', secure: secureCookie });
    return c.json({ signedIn: false });
  });

  app.get('/auth/session', (c) => {
    const expiresAt = sessions.expiresAt(sessionIdFromCookieHeader(c.req.header('cookie')));
    c.header('Cache-Control', 'no-store');
    return c.json({ signedIn: expiresAt !== null, expiresAt });
  });

  return app;
}
