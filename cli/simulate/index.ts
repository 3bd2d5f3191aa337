import type { Config } from '../../collector/config/index.js';
import { createKindling, type Kindling } from '../../collector/kindling.js';
import type { Progress } from '../progress.js';
import type { PersonaKey } from './personas.js';
import { buildSchedule } from './schedule.js';
import { DAY_MS, runSchedule, type RunStats, type SimClock } from './run.js';
import { createSalesDesk, type SalesStats } from './sales.js';
import { httpTransport, writerTransport } from './transport.js';
import { funnelSummary, type FunnelSummary } from './funnel.js';
import { importCrmOutcomes, type CrmImportStats } from './crm.js';

export interface SimulateOptions {
  visitors: number;
  days: number;
  seed: number;
  via: 'http' | 'writer';
  concurrency: number;
  /** null: the configured database. */
  dbPath: string | null;
  siteKey: string;
  /** End of the simulated window, ms. */
  now: number;
  dispositions: boolean;
  /** After the run, a simulated CRM sends outcomes dated in the previous quarter (POST /api/outcomes). */
  crmOutcomes?: boolean;
  progress?: Progress | undefined;
  log?: (msg: string) => void;
}

export interface SimulationReport {
  options: Omit<SimulateOptions, 'progress' | 'log'>;
  dbPath: string;
  personas: Record<PersonaKey, number>;
  sessions: number;
  run: RunStats;
  eventsStored: number;
  duplicates: number;
  botVisitors: number;
  botEventsStored: number;
  funnel: FunnelSummary | null;
  sales: SalesStats | null;
  crm?: CrmImportStats | null;
  refusals: string[];
  /** Alerts the simulated leads raised: recorded in the outbox as failed, never sent. */
  alertsHeld: number;
  elapsedMs: number;
}

export const SIMULATED_ALERT = 'simulated traffic: recorded, not sent';

/**
 * Made-up leads must not page sales: this process's webhook sender is stopped before it sends
 * anything, and every alert the simulation raises is failed in the very transaction that wrote it
 * (a handler after the outbox's), so no other collector on this database picks it up either.
 */
function holdAlerts(kindling: Kindling): { count: number } {
  const held = { count: 0 };
  void kindling.alerts.stop();
  kindling.writer.on(async (ctx, event) => {
    if (event.type === 'account.surging') return;
    const failed = await ctx.messages.failPendingOfLead(event.leadId, SIMULATED_ALERT);
    held.count += failed;
  });
  return held;
}

/** An origin the site allows, made concrete: `http://localhost:*` → `http://localhost:8787`. */
export function originFor(config: Config, siteKey: string): string {
  const pattern = config.sites.find((s) => s.key === siteKey)!.origins[0]!;
  return pattern.replace(':*', `:${config.port || 8787}`).replace('://*.', '://www.');
}

/**
 * Runs a simulation against a collector made in this process on the target database, with its
 * clock under the simulation's control. Rate limiting is off (all traffic comes from one process).
 */
export async function simulate(base: Config, options: SimulateOptions): Promise<SimulationReport> {
  const started = Date.now();
  const window = { startMs: options.now - options.days * DAY_MS, endMs: options.now };
  const config: Config = {
    ...base,
    dbPath: options.dbPath ?? base.dbPath,
    rateLimit: { ...base.rateLimit, enabled: false },
  };
  let simNow = window.startMs;
  const clock: SimClock = { now: () => simNow, set: (ms) => void (simNow = ms) };
  const kindling = await createKindling(config, { clock: clock.now, log: options.log ?? (() => {}) });
  const alertsHeld = holdAlerts(kindling);
  try {
    const schedule = buildSchedule(options.seed, options.visitors, window);
    const origin = originFor(config, options.siteKey);
    const transport = options.via === 'http' ? httpTransport(kindling.app, origin) : writerTransport(config, kindling.writer, clock.now);
    const desk = options.dispositions
      ? createSalesDesk({ app: kindling.app, adminToken: kindling.adminToken, seed: options.seed, personaByEmail: schedule.personaByEmail })
      : null;
    const before = { ...kindling.writer.stats };
    const run = await runSchedule({
      schedule,
      siteKey: options.siteKey,
      origin,
      transport,
      clock,
      concurrency: options.concurrency,
      tickMs: 60 * 60_000,
      // Decay and closing intent windows at simulated time, as the collector's sweep would apply
      // them: the report then shows what the dashboard shows, and a collector started on this
      // database afterwards has nothing to catch up (no stage change dated in the past).
      onTickEnd: async () => void (await kindling.engine.sweep()),
      onDayEnd: desk ? (at) => desk.dayEnd(at) : undefined,
      progress: options.progress,
    });
    await kindling.writer.flush();
    options.progress?.end();
    const crm = options.crmOutcomes
      ? await importCrmOutcomes({
          app: kindling.app,
          adminToken: kindling.adminToken,
          seed: options.seed,
          personaByEmail: schedule.personaByEmail,
          now: window.endMs,
        })
      : null;
    let botEventsStored = 0;
    for (const id of schedule.botVisitorIds) botEventsStored += await kindling.reads.visitorEvents(options.siteKey, id);
    const { progress: _p, log: _l, ...shown } = options;
    return {
      options: shown,
      dbPath: config.dbPath,
      personas: schedule.personas,
      sessions: schedule.starts.length,
      run,
      eventsStored: kindling.writer.stats.events - before.events,
      duplicates: kindling.writer.stats.duplicates - before.duplicates,
      botVisitors: schedule.botVisitorIds.size,
      botEventsStored,
      funnel: await funnelSummary(kindling),
      sales: desk?.stats ?? null,
      crm,
      refusals: transport.refusals,
      alertsHeld: alertsHeld.count,
      elapsedMs: Date.now() - started,
    };
  } finally {
    await kindling.close();
  }
}
