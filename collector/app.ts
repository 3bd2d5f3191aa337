import { Hono } from 'hono';
import type { Config } from './config/index.js';
import type { DB } from './db/index.js';
import type { Writer } from './writer/index.js';
import { errorResponse, notFound } from './errors.js';
import { healthRoutes } from './health/index.js';
import { requireAdmin, type SessionCheck } from './api/auth.js';
import type { DashboardServer } from './dashboard/index.js';
import { ingestRoutes } from './ingest/index.js';
import { snippetRoutes } from './snippet/index.js';
import { leadRoutes } from './api/engine-routes.js';
import type { Engine } from './engine/index.js';
import type { Alerts } from './alerts/index.js';
import { webhookRoutes } from './alerts/routes/index.js';

export interface AppDeps {
  config: Config;
  db: DB;
  writer: Writer;
  adminToken: string;
  clock: () => number;
  log: (msg: string) => void;
  /** A signed-in dashboard session passes `requireAdmin` too (routes that guard themselves pass it on). */
  sessionCheck?: SessionCheck;
  /** Sign-in sessions, live stream and static files of the dashboard (absent in narrow tests). */
  dashboard?: DashboardServer;
  /** The engine kindling.ts created (with its projection attached); the lead API uses it. */
  engine?: Engine;
  alerts: Alerts;
}

/** The HTTP surface: ingest, health, API, and the static snippet, dashboard and demo site. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.onError((err, c) => errorResponse(err, c, deps.log));
  app.notFound((c) => errorResponse(notFound(`no route for ${c.req.method} ${c.req.path}`), c));
  // One guard for every /api/* route: the admin token as Bearer, or a signed-in dashboard session.
  app.use('/api/*', requireAdmin(deps.adminToken, deps.sessionCheck));
  app.route('/', healthRoutes(deps));
  app.route('/', ingestRoutes(deps));
  app.route('/', snippetRoutes());
  app.route('/', leadRoutes(deps));
  app.route('/', webhookRoutes(deps));
  if (deps.dashboard) app.route('/', deps.dashboard.apiRoutes);
  // Last: the dashboard's `/` and `/<file>` fall through to the routes above when no file matches.
  if (deps.dashboard) app.route('/', deps.dashboard.publicRoutes);
  return app;
}
