import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoConfig } from '../collector/config/demo.js';
import { buildCollector } from './support/server-process.js';
import { postgresTestsEnabled, useTestDatabase } from './support/postgres.js';
import { fleetEmail, runLoad, startFleet, type Fleet } from './support/fleet.js';
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

    const sql = database.sql;
    // Every acknowledged event exactly once.
    const stored = await sql<{ event_id: string; n: number }[]>`SELECT event_id, COUNT(*)::int AS n FROM events GROUP BY event_id`;
    const count = new Map(stored.map((r) => [r.event_id, r.n]));
    expect(load.acked.filter((id) => count.get(id) !== 1)).toEqual([]);

    // Every person once, and every browser of a person points at that person.
    const leads = await sql<{ email: string }[]>`SELECT email FROM leads ORDER BY email`;
    const expected = Array.from({ length: PEOPLE }, (_, p) => fleetEmail(p)).sort();
    expect(leads.map((l) => l.email)).toEqual(expected);
    const pointers = await sql<{ email: string; visitors: number }[]>`
      SELECT l.email, COUNT(*)::int AS visitors FROM visitor_leads v JOIN leads l ON l.id = v.lead_id GROUP BY l.email`;
    for (const p of pointers) expect(p.visitors).toBe(3);

    // Every alert delivered: wait for the outbox to drain (a dead member's claims lapse after the timeout).
    const deadline = Date.now() + 30_000;
    let pending = Infinity;
    while (Date.now() < deadline) {
      const [row] = await sql<{ n: number }[]>`SELECT COUNT(*)::int AS n FROM webhook_messages WHERE status <> 'delivered'`;
      pending = row!.n;
      if (pending === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(pending).toBe(0);
    const messages = await sql<{ id: string; type: string; lead_id: number }[]>`SELECT id, type, lead_id FROM webhook_messages`;
    // One crossing, one alert: each person entered SQL once.
    const sqlAlerts = messages.filter((m) => m.type === 'lead.entered_sql');
    expect(new Set(sqlAlerts.map((m) => m.lead_id)).size).toBe(sqlAlerts.length);
    expect(sqlAlerts.length).toBe(PEOPLE);
    const counts = receiver.counts();
    expect(messages.filter((m) => !counts.has(m.id)).map((m) => m.id)).toEqual([]);
    // A message may reach the receiver twice only when the killed collector was sending it when it died.
    const firstArrival = new Map<string, number>();
    for (const d of receiver.deliveries) if (!firstArrival.has(d.id)) firstArrival.set(d.id, d.at);
    const twice = [...counts].filter(([id, n]) => n > 1 && firstArrival.get(id)! > killedAt).map(([id]) => id);
    expect(twice).toEqual([]);

    // Stored scores and stages equal a full rescore from the log.
    const snapshot = async () => ({
      leads: await sql`SELECT * FROM leads ORDER BY id`,
      state: await sql`SELECT * FROM lead_state ORDER BY lead_id`,
      history: await sql`SELECT * FROM lead_history ORDER BY lead_id, id`,
    });
    const before = await snapshot();
    const res = await fetch(`${fleet.urls()[0]}/api/rescore`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { stageChanges: number }).stageChanges).toBe(0);
    expect(await snapshot()).toEqual(before);
  }, 180_000);
});
