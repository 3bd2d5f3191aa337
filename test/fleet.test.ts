import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoConfig } from '../collector/config/demo.js';
import { buildCollector } from './support/server-process.js';
import { postgresTestsEnabled, useTestDatabase } from './support/postgres.js';
import { runLoad, startFleet, type Fleet } from './support/fleet.js';
import { auditFleet } from './support/fleet-audit.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

/**
 * Issue 14.7: three collector processes on one PostgreSQL database, batches spread over all three,
 * one collector SIGKILLed mid-load and restarted. Afterwards every acknowledged event is stored once,
 * every person exists once, every lead equals a full rescore from the log, and every alert reached the
 * receiver without two collectors delivering the same one.
 */
const ADMIN_TOKEN = 'fleet-admin-token-0123456789';
const ORIGIN = 'http://localhost:3000';
const PEOPLE = 30;

describe.runIf(postgresTestsEnabled('test/fleet.test.ts'))('a fleet of three collectors on one PostgreSQL', () => {
  const database = useTestDatabase();
  let dir: string;
  let receiver: WebhookReceiver;
  let fleet: Fleet | null = null;
  let env: Record<string, string>;

  beforeAll(async () => {
    buildCollector();
    receiver = await startWebhookReceiver();
    dir = mkdtempSync(join(tmpdir(), 'kindling-fleet-'));
    const config = {
      ...demoConfig,
      // The load comes from one IP.
      rateLimit: { enabled: false },
      // A short request timeout: a dead collector's claim on a message lapses after it.
      webhooks: { allowPrivateTargets: 'loopback', requestTimeoutMs: 2000, endpoints: [{ url: receiver.url }] },
    };
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    env = {
      KINDLING_DATABASE_URL: database.url,
      KINDLING_CONFIG: join(dir, 'config.json'),
      KINDLING_ADMIN_TOKEN: ADMIN_TOKEN,
    };
  });
  afterAll(async () => {
    await fleet?.stop();
    await receiver?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses nothing, duplicates nothing and agrees with a rescore after a SIGKILL mid-load', async () => {
    fleet = await startFleet(3, env);
    const load = runLoad({ fleet, clients: 12, people: PEOPLE, visitorsPerPerson: 3, batches: 900, origin: ORIGIN });
    while (load.sent < 300) await new Promise((r) => setTimeout(r, 10));
    await fleet.kill(1);
    const killedAt = Date.now();
    await new Promise((r) => setTimeout(r, 300));
    await fleet.restart(1);
    await load.done;
    expect(load.acked.length).toBeGreaterThan(1000);

    const audit = await auditFleet({
      sql: database.sql,
      acked: load.acked,
      people: PEOPLE,
      visitorsPerPerson: 3,
      receiver,
      killedAt,
      memberUrl: fleet.urls()[0]!,
      adminToken: ADMIN_TOKEN,
      drainMs: 30_000,
    });
    // Every acknowledged event exactly once; every person once, every browser of a person pointing at that person.
    expect(audit.ackedNotOnce).toEqual([]);
    expect(audit.peopleWrong).toEqual([]);
    // One crossing, one alert: each person entered SQL once; every alert reached the receiver, and
    // none twice unless the killed collector was sending it when it died.
    expect(audit.sqlAlertsTwice).toEqual([]);
    expect(audit.sqlAlerts).toBe(PEOPLE);
    expect(audit.undelivered).toEqual([]);
    expect(audit.deliveredTwice).toEqual([]);
    // Stored scores and stages equal a full rescore from the log.
    expect(audit.rescoreStageChanges).toBe(0);
    expect(audit.rescoreChangedRows).toBe(0);
  }, 180_000);
});
