import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import type { Config } from './config/index.js';
import { openDatabase, getSetting, setSetting, type DB } from './db/index.js';
import { markDatabaseInUse } from './db/in-use.js';
import { createWriter, type Writer } from './writer/index.js';
import { createApp } from './app.js';
import { createDashboard } from './dashboard/index.js';
import { createEngine, type Engine } from './engine/index.js';
import { startRetention } from './retention/index.js';
import { createAlerts, type Alerts, type AlertsOverrides } from './alerts/index.js';
import { aliasErasureHandler, createAliasStore } from './segment/alias-store.js';

/**
 * The composition root: one database, one writer, the projections and handlers plugged into it,
 * the background loops, and the HTTP app. `main.ts` serves it; tests call it directly and use
 * `app.request()`.
 */
export interface Kindling {
  config: Config;
  db: DB;
  writer: Writer;
  app: Hono;
  adminToken: string;
  /** Identity, scoring and stages: `engine.sweep()` applies decay now (tests drive it with their clock). */
  engine: Engine;
  alerts: Alerts;
  /** Stop background loops, flush the writer, close the database. */
  close(): Promise<void>;
  /** End long-lived responses (the dashboard's live streams) so an HTTP server can close. */
  closeStreams(): void;
}

export interface KindlingOptions {
  clock?: () => number;
  log?: (msg: string) => void;
  /** Test seams for the webhook sender (fake timers, randomness, DNS). */
  alerts?: AlertsOverrides;
}

/** The admin token: from the environment, or generated once and kept in the database. */
function resolveAdminToken(db: DB, config: Config): string {
  if (config.adminToken) return config.adminToken;
  const stored = getSetting(db, 'admin_token');
  if (stored) return stored;
  const token = `kt_${randomBytes(24).toString('base64url')}`;
  setSetting(db, 'admin_token', token);
  return token;
}

export function createKindling(config: Config, options: KindlingOptions = {}): Kindling {
  const clock = options.clock ?? Date.now;
  const log = options.log ?? ((m: string) => console.error(m));
  const db = openDatabase(config.dbPath);
  // Lets `npm run rescore` see that a collector has this file open, and refuse.
  const releaseDatabase = markDatabaseInUse(config.dbPath, Date.now());
  const adminToken = resolveAdminToken(db, config);
  const writer = createWriter({
    db,
    batchWindowMs: config.writer.batchWindowMs,
    maxBatchEvents: config.writer.maxBatchEvents,
    clock,
    log,
  });
  const stoppers: (() => void | Promise<void>)[] = [];

  // Plug-in points (engine projection, alert outbox, sender, sweeps) are registered here.
  const engine = createEngine({ config, db, writer, log });
  engine.attach();
  stoppers.push(engine.startSweep(config.scoring.sweepIntervalSeconds * 1000));
  void engine.reconcileRules()?.catch((err: Error) => log(`kindling: rescore after a rule change failed: ${err.stack ?? err.message}`));
  stoppers.push(startRetention({ writer, eventsDays: config.retention.eventsDays, clock, log }));
  writer.on(aliasErasureHandler(createAliasStore(db)));

  // Alerts: the outbox handler (in the stage change's transaction), the sender woken after commit.
  const alerts = createAlerts({ config, db, writer, clock, log, overrides: options.alerts });
  stoppers.push(() => alerts.stop());

  // Dashboard: sessions for sign-in, and every committed domain event pushed to open live streams.
  const dashboard = createDashboard({ config, db, writer, adminToken, clock });
  writer.afterCommit((events) => dashboard.live.publish(events));
  stoppers.push(() => dashboard.close());

  const app = createApp({ config, db, writer, adminToken, clock, log, engine, alerts, sessionCheck: dashboard.sessionCheck, dashboard });

  let closed = false;
  return {
    config,
    db,
    writer,
    app,
    adminToken,
    closeStreams: () => dashboard.live.close(),
    engine,
    alerts,
    async close() {
      if (closed) return;
      closed = true;
      for (const stop of stoppers) await stop();
      await writer.close();
      db.close();
      releaseDatabase();
    },
  };
}
