import { Hono } from 'hono';
import type { Config } from './config/index.js';
import type { EventSink, Writer } from './writer/index.js';
import type { ApiReads } from './store/port/reads.js';
import type { BacktestSource } from './backtest/source.js';
import { errorResponse, notFound } from './errors.js';
import { healthRoutes } from './health/index.js';
import { authenticate, type AuthEnv } from './api/auth.js';
import { authorize } from './api/access.js';
import type { Team } from './team/index.js';
import { SESSION_COOKIE, type DashboardServer } from './dashboard/index.js';
import { ingestRoutes } from './ingest/index.js';
import { snippetRoutes } from './snippet/index.js';
import { leadRoutes } from './api/engine-routes.js';
import { csvRoutes } from './api/csv-routes.js';
import type { Engine } from './engine/index.js';
import type { NetworkLookup } from './network/index.js';
import { accountRoutes } from './accounts/routes.js';
import type { Alerts } from './alerts/index.js';
import { webhookRoutes } from './alerts/routes/index.js';
import { segmentRoutes } from './segment/index.js';
import { backtestRoutes } from './backtest/routes.js';
import { demoSiteRoutes } from './demo-site/index.js';
import { routingRoutes } from './routing/routes.js';
import { outcomeRoutes, OUTCOMES_MAX_BYTES } from './outcomes/routes.js';
import { spendRoutes, SPEND_BODY_CAP } from './spend/routes.js';
import { reviewRoutes } from './review/routes.js';
import { bodyCaps, type BodyCapRule } from './http/body.js';
import { clientAddress } from './http/client-address.js';
import { sameOriginWrites } from './http/same-origin.js';

export interface AppDeps {
  config: Config;
  /** Every read of the API, health and the dashboard goes through the storage port's reads. */
  reads: ApiReads;
  /** A read-only snapshot for POST /api/backtest. */
  openBacktestSource: () => Promise<BacktestSource>;
  writer: Writer;
  /** Where ingest (`/e`, `/v1/*`) stores events: the writer thread when there is one (absent: `writer`). */
  events?: EventSink;
  adminToken: string;
  clock: () => number;
  log: (msg: string) => void;
  /** Sign-in sessions, live stream and static files of the dashboard (absent in narrow tests). */
  dashboard?: DashboardServer;
  /** The engine kindling.ts created (with its projection attached); the lead API uses it. */
  engine: Engine;
  alerts: Alerts;
  /** The reveal's network lookup (null or absent: off). */
  network?: NetworkLookup | null;
  /** Users, API keys and audit (absent in narrow tests: only the admin token and sessions). */
  team?: Team;
}

/**
 * Body caps of the admin and sign-in routes, first match wins; every body is refused past its cap
 * before anything reads it. `/e` and `/v1/*` cap inside their own routes, because their check
 * order puts the media type (415) and, for Segment, the write key (401) before the size (413).
 */
export const BODY_CAPS: readonly BodyCapRule[] = [
  { prefix: '/api/backtest', maxBytes: 256 * 1024 },
  { prefix: '/api/webhooks', maxBytes: 16 * 1024 },
  { prefix: '/api/outcomes', maxBytes: OUTCOMES_MAX_BYTES },
  { prefix: '/api/spend', maxBytes: SPEND_BODY_CAP },
  { prefix: '/api/', maxBytes: 16 * 1024 },
  { prefix: '/auth/', maxBytes: 4 * 1024 },
  // The demo site's forms: the body is never read, but nobody gets to stream one for ever.
  { prefix: '/demo/', maxBytes: 64 * 1024 },
];

/** The HTTP surface: ingest, health, API, and the static snippet, dashboard and demo site. */
export function createApp(deps: AppDeps): Hono {
  const { config } = deps;
  const app = new Hono<AuthEnv>();
  app.onError((err, c) => errorResponse(err, c, deps.log));
  app.notFound((c) => errorResponse(notFound(`no route for ${c.req.method} ${c.req.path}`), c));
  app.use('*', clientAddress({ trustProxy: config.trustProxy }));
  // One guard for every /api/* route: the admin token or an API key as Bearer, or a signed-in dashboard session.
  app.use(
    '/api/*',
    authenticate({ adminToken: deps.adminToken, sessionCheck: deps.dashboard?.sessionCheck, keyCheck: deps.team?.keyCheck }),
  );
  // What each principal may call: one table of every /api route (api/access.ts).
  app.use('/api/*', authorize());
  // CSRF: writes riding the session cookie (and sign-in/out) must be same-origin JSON.
  const csrf = { publicUrl: config.publicUrl, sessionCookie: SESSION_COOKIE };
  app.use('/api/*', sameOriginWrites({ ...csrf, exempt: (c) => c.get('auth') === 'token' }));
  app.use('/auth/*', sameOriginWrites(csrf));
  const caps = bodyCaps(BODY_CAPS);
  for (const path of ['/api/*', '/auth/*', '/demo/*']) app.use(path, caps);

  app.route('/', healthRoutes(deps));
  const events = deps.events ?? deps.writer;
  app.route('/', ingestRoutes({ ...deps, writer: events }));
  app.route('/', snippetRoutes());
  app.route('/', leadRoutes(deps));
  app.route('/', csvRoutes(deps));
  app.route('/', accountRoutes({ ...deps, settings: { ...config.accounts, halfLifeDays: config.scoring.halfLifeDays } }));
  app.route('/', webhookRoutes(deps));
  app.route('/', routingRoutes({ ...deps, emailConfigured: Boolean(config.smtp) }));
  app.route('/', outcomeRoutes(deps));
  app.route('/', spendRoutes(deps));
  app.route('/', reviewRoutes(deps));
  app.route('/', segmentRoutes({ ...deps, writer: { transact: deps.writer.transact, write: events.write } }));
  app.route('/', backtestRoutes(deps));
  app.route('/', demoSiteRoutes());
  if (deps.dashboard) app.route('/', deps.dashboard.apiRoutes);
  if (deps.team) app.route('/', deps.team.apiRoutes);
  if (deps.team) app.route('/', deps.team.publicRoutes);
  // Last: the dashboard's `/` and `/<file>` fall through to the routes above when no file matches.
  if (deps.dashboard) app.route('/', deps.dashboard.publicRoutes);
  return app as unknown as Hono;
}
