import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { tokensEqual } from '../api/auth.js';
import { KindlingError, tooManyRequests, unauthorized } from '../errors.js';
import { readJson } from '../http/body.js';
import { parseInput } from '../http/validate.js';
import { clientAddressOf } from '../http/client-address.js';
import { SESSION_COOKIE, sessionIdFromCookieHeader, type SessionStore } from './sessions.js';
import { ATTEMPT_COOKIE, createSignInThrottle, isAttemptId, newAttemptId, type SignInAttempt } from './sign-in-throttle.js';

const loginBody = z.strictObject({ token: z.string().min(1).max(500) });

export interface AuthRoutesOptions {
  adminToken: string;
  sessions: SessionStore;
  ttlMs: number;
  /** Mark the cookie Secure (the dashboard is served over https). */
  secureCookie: boolean;
  clock?: () => number;
}

/**
 * Sign-in for the dashboard: the admin token is exchanged for an HttpOnly, SameSite=Strict
 * session cookie, so the token never sits in page-readable storage and other sites cannot ride
 * the session. `GET /auth/session` lets the page ask whether it is signed in without a 401.
 * The body cap and the same-origin check of session writes are the app's (app.ts).
 */
export function authRoutes(options: AuthRoutesOptions): Hono {
  const { adminToken, sessions, ttlMs, secureCookie } = options;
  const throttle = createSignInThrottle(options.clock ?? Date.now);
  const app = new Hono();

  const attemptOf = (c: Context): SignInAttempt => {
    const browser = getCookie(c, ATTEMPT_COOKIE);
    return { address: clientAddressOf(c) ?? 'local', browser: isAttemptId(browser) ? browser : null };
  };
  /** A refused attempt gives the browser an attempt id, so its next typos are counted apart from its neighbours'. */
  const refuse = (c: Context, attempt: SignInAttempt, err: Error): never => {
    if (attempt.browser === null) {
      setCookie(c, ATTEMPT_COOKIE, newAttemptId(), {
        httpOnly: true,
        sameSite: 'Strict',
        path: '/auth',
        secure: secureCookie,
        maxAge: 400 * 86_400,
      });
    }
    throw err;
  };

  app.post('/auth/login', async (c) => {
    const attempt = attemptOf(c);
    const wait = throttle.blockedFor(attempt);
    if (wait !== null) refuse(c, attempt, tooManyRequests(wait));
    let token: string;
    try {
      ({ token } = parseInput(loginBody, await readJson(c), 'body: send {"token": "…"}'));
    } catch (err) {
      // Malformed bodies count as failures too: otherwise they are free probes.
      if (!(err instanceof KindlingError)) throw err;
      throttle.fail(attempt);
      return refuse(c, attempt, err);
    }
    if (!tokensEqual(token, adminToken)) {
      throttle.fail(attempt);
      refuse(c, attempt, unauthorized('wrong admin token'));
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

  app.get('/auth/session', async (c) => {
    const expiresAt = await sessions.expiresAt(sessionIdFromCookieHeader(c.req.header('cookie')));
    c.header('Cache-Control', 'no-store');
    return c.json({ signedIn: expiresAt !== null, expiresAt });
  });

  return app;
}
