import { join } from 'node:path';
import { Hono } from 'hono';
import type { Config } from '../config/index.js';
import type { SessionCheck } from '../api/auth.js';
import { distDir } from '../paths.js';
import { createSessionStore, type SessionRows, type SessionStore } from './sessions.js';
import { authRoutes, createSignInKit, type PasswordCheck, type SignInKit } from './auth-routes.js';
import { staticRoutes } from './static.js';
import { createLiveHub, type LiveHub, type LiveHubOptions } from './live.js';

export { createLiveHub, type LiveHub } from './live.js';
export { SESSION_COOKIE, writerSessionRows, type SessionChange, type SessionRows } from './sessions.js';

export interface DashboardOptions {
  config: Config;
  /** The store's session rows (store/sqlite/sessions.ts, store/postgres/sessions.ts). */
  sessionRows: SessionRows;
  adminToken: string;
  clock?: () => number;
  /** Where the built dashboard lives; defaults to dist/dashboard. */
  root?: string;
  live?: LiveHubOptions;
  /** Email + password sign-in (team/sign-in.ts); absent, only the admin token signs in. */
  passwordCheck?: PasswordCheck;
}

/** The collector side of the dashboard: sign-in sessions, the live stream, the static files. */
export interface DashboardServer {
  sessions: SessionStore;
  /** Throttle and session start, shared with the one-time link routes (team/link-routes.ts). */
  signIn: SignInKit;
  /** Plugged into `requireAdmin` so /api/* accepts a signed-in browser. */
  sessionCheck: SessionCheck;
  live: LiveHub;
  /** Public routes: `/`, the bundle's files, `/auth/*`. */
  publicRoutes: Hono;
  /** Routes under the /api guard: `/api/live`, `/api/dashboard`. */
  apiRoutes: Hono;
  close(): void;
}

export function createDashboard(options: DashboardOptions): DashboardServer {
  const { config, sessionRows, adminToken } = options;
  const clock = options.clock ?? Date.now;
  const ttlMs = config.dashboard.sessionHours * 3_600_000;
  const sessions = createSessionStore({ rows: sessionRows, ttlMs, clock, adminToken });
  const live = createLiveHub({ clock, ...options.live });

  const signInOptions = { sessions, ttlMs, secureCookie: config.publicUrl.startsWith('https:'), clock };
  const publicRoutes = new Hono();
  publicRoutes.route('/', authRoutes({ ...signInOptions, adminToken, passwordCheck: options.passwordCheck }));
  // The one-time link routes count their failures apart from the password form's.
  const signIn = createSignInKit(signInOptions);
  publicRoutes.route('/', staticRoutes({ root: options.root ?? join(distDir, 'dashboard') }));

  const apiRoutes = new Hono();
  apiRoutes.get('/api/live', () => live.open());
  // What the page needs from the configuration, and nothing else.
  apiRoutes.get('/api/dashboard', (c) => c.json({ slaHours: config.dashboard.slaHours }));

  return { sessions, signIn, sessionCheck: sessions.check, live, publicRoutes, apiRoutes, close: () => live.close() };
}
