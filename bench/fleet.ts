import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoConfig } from '../collector/config/demo.js';
import { connectPostgres } from '../collector/store/postgres/connect.js';
import { auditFleet, type FleetAudit } from '../test/support/fleet-audit.js';
import { runLoad, startFleet } from '../test/support/fleet.js';
import { startWebhookReceiver } from '../test/support/webhook-receiver.js';
import { BENCH_ADMIN_TOKEN } from './processes.js';
import { startBenchPostgres } from './pg.js';

export interface FleetBench {
  collectors: number;
  people: number;
  batches: number;
  ackedEvents: number;
  /** Requests that failed at the transport or were not acknowledged (the killed member's). */
  failedRequests: number;
  /** Acknowledged events per second over the whole load, the kill and restart included. */
  eventsPerSecond: number;
  loadSeconds: number;
  /** The four checks of issue 14.7: each passed when its list is empty (see test/support/fleet-audit.ts). */
  checks: { name: string; ok: boolean; detail: string }[];
}

export const FLEET_ORIGIN = 'http://localhost:3000';

/** A fleet configuration: the load comes from one address; a dead member's claim on a message lapses after 2 s. */
export function writeFleetConfig(dir: string, webhookUrl: string | null): string {
  const path = join(dir, `fleet-config-${webhookUrl ? 'hooks' : 'plain'}.json`);
  const webhooks = webhookUrl ? { allowPrivateTargets: 'loopback', requestTimeoutMs: 2000, endpoints: [{ url: webhookUrl }] } : {};
  writeFileSync(path, JSON.stringify({ ...demoConfig, rateLimit: { enabled: false }, webhooks }));
  return path;
}

const listed = (items: readonly unknown[]) => (items.length ? `${items.length}: ${items.slice(0, 3).join(', ')}` : 'none');

/** The fleet test's scenario (test/fleet.test.ts) at a larger size: 3 collectors, one SIGKILLed a third of the way in. */
export async function benchFleet(options: { dir: string; people: number; log: (line: string) => void }): Promise<FleetBench> {
  const { people, log } = options;
  const visitorsPerPerson = 3;
  // Every person's browsers each send ten batches: identify on all three, a demo request in round 2.
  const batches = people * visitorsPerPerson * 10;
  const pg = await startBenchPostgres();
  const receiver = await startWebhookReceiver();
  const url = await pg.database('fleet');
  const env = {
    KINDLING_DATABASE_URL: url,
    KINDLING_CONFIG: writeFleetConfig(options.dir, receiver.url),
    KINDLING_ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
  };
  const fleet = await startFleet(3, env);
  const sql = connectPostgres(url, { max: 2 });
  try {
    log(`fleet: 3 collectors, ${people} people × ${visitorsPerPerson} browsers, ${batches} batches; SIGKILL one at a third`);
    const started = performance.now();
    const load = runLoad({ fleet, clients: 12, people, visitorsPerPerson, batches, origin: FLEET_ORIGIN });
    while (load.sent < batches / 3) await new Promise((r) => setTimeout(r, 10));
    await fleet.kill(1);
    const killedAt = Date.now();
    await new Promise((r) => setTimeout(r, 300));
    await fleet.restart(1);
    await load.done;
    const loadSeconds = (performance.now() - started) / 1000;
    log(`fleet: ${load.acked.length} events acknowledged in ${loadSeconds.toFixed(1)} s; checking`);
    const audit: FleetAudit = await auditFleet({
      sql,
      acked: load.acked,
      people,
      visitorsPerPerson,
      receiver,
      killedAt,
      memberUrl: fleet.urls()[0]!,
      adminToken: BENCH_ADMIN_TOKEN,
      drainMs: 60_000,
    });
    return {
      collectors: 3,
      people,
      batches,
      ackedEvents: load.acked.length,
      failedRequests: load.failed,
      eventsPerSecond: Math.round(load.acked.length / loadSeconds),
      loadSeconds: Math.round(loadSeconds * 10) / 10,
      checks: [
        {
          name: 'every acknowledged event stored exactly once',
          ok: !audit.ackedNotOnce.length,
          detail: `not once: ${listed(audit.ackedNotOnce)}`,
        },
        { name: 'every person exists once', ok: !audit.peopleWrong.length, detail: `wrong: ${listed(audit.peopleWrong)}` },
        {
          name: 'every lead equals a full rescore',
          ok: audit.rescoreStageChanges === 0 && audit.rescoreChangedRows === 0,
          detail: `${audit.rescoreStageChanges} stage changes, ${audit.rescoreChangedRows} rows changed`,
        },
        {
          name: 'every alert delivered, none twice by two collectors',
          ok: !audit.undelivered.length && !audit.deliveredTwice.length && !audit.sqlAlertsTwice.length && audit.sqlAlerts === people,
          detail: `${audit.sqlAlerts} SQL alerts for ${people} people; undelivered ${listed(audit.undelivered)}; twice ${listed(audit.deliveredTwice)}`,
        },
      ],
    };
  } finally {
    await sql.end();
    await fleet.stop();
    await receiver.close();
    pg.stop();
  }
}
