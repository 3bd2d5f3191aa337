import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { tokensEqual } from '../api/auth.js';
import { KindlingError, tooManyRequests, unauthorized } from '../errors.js';
import { readJson } from '../http/body.js';
import { parseInput } from '../http/validate.js';
import { clientAddressOf } from '../http/client-address.js';
import type { NewAuditEntry } from '../store/port/team.js';
import { SESSION_COOKIE, sessionIdFromCookieHeader, type SessionStore } from './sessions.js';
import { ATTEMPT_COOKIE, createSignInThrottle, isAttemptId, newAttemptId, type SignInAttempt } from './sign-in-throttle.js';

const loginBody = z.union([
  z.strictObject({ token: z.string().min(1).max(500) }),
  z.strictObject({ email: z.string().min(3).max(320), password: z.string().min(1).max(1000) }),
]);

/** Who a credential signed in: a user (with the audit entry to record), or null when it was wrong. */
export interface SignedInUser {
  userId: number;
  audit: NewAuditEntry;
}

/** Checks an email and password against the users (team/sign-in.ts); null when either is wrong. */
export type PasswordCheck = (email: string, password: string, now: number) => Promise<SignedInUser | null>;

export interface AuthRoutesOptions {
  adminToken: string;
  sessions: SessionStore;
  ttlMs: number;
  /** Mark the cookie Secure (the dashboard is served over https). */
  secureCookie: boolean;
  /** Email + password sign-in; absent, only the admin token signs in. */
  passwordCheck?: PasswordCheck;
  clock?: () => number;
}

/** The session cookie's attributes: never readable by the page, never sent by another site's request. */
export const sessionCookieOptions = (secure: boolean, maxAgeSeconds?: number) =>
  ({ httpOnly: true, sameSite: 'Strict', path: '/', secure, ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }) }) as const;

/** The parts of a sign-in other routes (one-time links) share: the throttle, refusing, starting a session. */
export interface SignInKit {
  attemptOf(c: Context, account?: string | null): SignInAttempt;
  /** Throws 429 while this attempt is throttled. */
  checkThrottle(c: Context, attempt: SignInAttempt): void;
  /** Counts the attempt against the throttle without refusing it (a request that sends email, answered the same either way). */
  count(attempt: SignInAttempt): void;
  /** Counts a failure and throws `err` (a refused attempt gets its browser an attempt id). */
  fail(c: Context, attempt: SignInAttempt, err: Error): never;
  /** A new session (the old one of this browser ended: the id rotates on every sign-in), its cookie set. */
  startSession(c: Context, userId: number | null, audit?: NewAuditEntry): Promise<{ expiresAt: number }>;
}

export function createSignInKit(options: Pick<AuthRoutesOptions, 'sessions' | 'ttlMs' | 'secureCookie' | 'clock'>): SignInKit {
  const { sessions, ttlMs, secureCookie } = options;
  const throttle = createSignInThrottle(options.clock ?? Date.now);
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
  return {
    attemptOf(c, account = null) {
      const browser = getCookie(c, ATTEMPT_COOKIE);
      return { address: clientAddressOf(c) ?? 'local', browser: isAttemptId(browser) ? browser : null, account };
    },
    checkThrottle(c, attempt) {
      const wait = throttle.blockedFor(attempt);
      if (wait !== null) refuse(c, attempt, tooManyRequests(wait));
    },
    count: (attempt) => throttle.fail(attempt),
    fail(c, attempt, err) {
      throttle.fail(attempt);
      return refuse(c, attempt, err);
    },
    async startSession(c, userId, audit) {
      // Rotation: whatever session this browser had ends, so a planted or stolen pre-sign-in id is worthless.
      await sessions.destroy(sessionIdFromCookieHeader(c.req.header('cookie')));
      const session = await sessions.create(userId, audit);
      setCookie(c, SESSION_COOKIE, session.id, sessionCookieOptions(secureCookie, Math.floor(ttlMs / 1000)));
      return { expiresAt: session.expiresAt };
    },
  };
}

/**
 * Sign-in for the dashboard: an email and password (a user), or the admin token (bootstrapping,
 * automation), exchanged for an HttpOnly, SameSite=Strict session cookie, so no credential sits in
 * page-readable storage and other sites cannot ride the session. `GET /auth/session` lets the
 * page ask whether it is signed in (and as whom) without a 401. The body cap and the same-origin
 * check of session writes are the app's (app.ts).
 */
export function authRoutes(options: AuthRoutesOptions, kit: SignInKit = createSignInKit(options)): Hono {
  const { adminToken, sessions, secureCookie, passwordCheck } = options;
  const clock = options.clock ?? Date.now;
  const app = new Hono();

  app.post('/auth/login', async (c) => {
    const raw = await readJson(c).catch((err: unknown) => err);
    const email = typeof (raw as { email?: unknown })?.email === 'string' ? (raw as { email: string }).email.trim().toLowerCase() : null;
    const attempt = kit.attemptOf(c, email);
    kit.checkThrottle(c, attempt);
    let body: z.infer<typeof loginBody>;
    try {
      if (raw instanceof Error) throw raw;
      body = parseInput(loginBody, raw, 'body: send {"email": "…", "password": "…"} or {"token": "…"}');
    } catch (err) {
      // Malformed bodies count as failures too: otherwise they are free probes.
      if (!(err instanceof KindlingError)) throw err;
      return kit.fail(c, attempt, err);
    }
    if ('token' in body) {
      if (!tokensEqual(body.token, adminToken)) kit.fail(c, attempt, unauthorized('wrong admin token'));
      return c.json({ signedIn: true, ...(await kit.startSession(c, null)) });
    }
    const user = passwordCheck ? await passwordCheck(body.email, body.password, clock()) : null;
    // One answer for an unknown email and a wrong password: the sign-in form is no directory of accounts.
    if (!user) return kit.fail(c, attempt, unauthorized('wrong email or password'));
    return c.json({ signedIn: true, ...(await kit.startSession(c, user.userId, user.audit)) });
  });

  app.post('/auth/logout', async (c) => {
    await sessions.destroy(sessionIdFromCookieHeader(c.req.header('cookie')));
    deleteCookie(c, SESSION_COOKIE, sessionCookieOptions(secureCookie));
    return c.json({ signedIn: false });
  });

  app.get('/auth/session', async (c) => {
    const owner = await sessions.owner(sessionIdFromCookieHeader(c.req.header('cookie')));
    c.header('Cache-Control', 'no-store');
    return c.json({ signedIn: owner !== null, expiresAt: owner?.expiresAt ?? null, user: owner?.user ?? null });
  });

  return app;
}
