import { Hono } from 'hono';
import type { Config } from './config/index.js';
import type { DB } from './db/index.js';
import type { Writer } from './writer/index.js';
import { errorResponse, notFound } from './errors.js';
import { healthRoutes } from './health/index.js';
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
  /** The engine kindling.ts created (with its projection attached); the lead API uses it. */
  engine?: Engine;
  alerts: Alerts;
}

/** The HTTP surface: ingest, health, API, and the static snippet, dashboard and demo site. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.onError((err, c) => errorResponse(err, c, deps.log));
  app.notFound((c) => errorResponse(notFound(`no route for ${c.req.method} ${c.req.path}`), c));
  app.route('/', healthRoutes(deps));
  app.route('/', ingestRoutes(deps));
  app.route('/', snippetRoutes());
  app.route('/', leadRoutes(deps));
  app.route('/', webhookRoutes(deps));
  return app;
}
