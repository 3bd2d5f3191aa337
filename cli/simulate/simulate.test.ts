import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { testConfig } from '../../collector/config/index.js';
import { createKindling } from '../../collector/kindling.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SIMULATED_ALERT, simulate, type SimulateOptions, type SimulationReport } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'kindling-sim-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DAY = 24 * 3600_000;
const base: Omit<SimulateOptions, 'dbPath' | 'via'> = {
  visitors: 160,
  days: 14,
  seed: 11,
  concurrency: 32,
  siteKey: 'demo',
  now: Date.UTC(2025, 5, 2, 9),
  dispositions: true,
};

const COLUMNS = `site, event_id, visitor_id, session_id, type, name, ts, received_at, url, path, page_class, title,
  referrer_host, utm_source, utm_medium, utm_campaign, utm_term, utm_content, props, browser, os, device, ip`;

function query(file: string, sql: string): unknown[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}
const rows = (file: string) => query(file, `SELECT ${COLUMNS} FROM events ORDER BY event_id`);
/** What the engine made of them: identities, stages, dispositions, scores, and the stage history. */
const leads = (file: string) =>
  query(
    file,
    `SELECT email, stage, disposition, ROUND(fit, 3) AS fit, stage_changed_at, first_mql_at, first_sql_at FROM leads ORDER BY email`,
  );
const history = (file: string) =>
  query(
    file,
    'SELECT l.email, h.at, h.kind, h.from_value, h.to_value, h.cause FROM lead_history h JOIN leads l ON l.id = h.lead_id ORDER BY l.email, h.at, h.kind, h.to_value',
  );

const runs = new Map<string, SimulationReport>();
async function run(name: string, options: Partial<SimulateOptions> = {}): Promise<{ file: string; report: SimulationReport }> {
  const file = join(dir, `${name}.db`);
  const report = await simulate(testConfig({ rateLimit: { enabled: true, requestsPerSecond: 1, burst: 1 } }), {
    ...base,
    via: 'http',
    dbPath: file,
    ...options,
  });
  runs.set(name, report);
  return { file, report };
}

describe('the simulator', () => {
  it('stores the same events for the same seed, through POST /e and straight through the writer alike', async () => {
    const a = await run('http-a');
    const b = await run('http-b');
    const w = await run('writer', { via: 'writer' });
    const stored = rows(a.file);
    expect(stored.length).toBeGreaterThan(1000);
    expect(rows(b.file)).toEqual(stored);
    expect(rows(w.file)).toEqual(stored);
    const made = leads(a.file);
    expect(made.length).toBeGreaterThan(30);
    expect(leads(b.file)).toEqual(made);
    expect(leads(w.file)).toEqual(made);
    expect(history(b.file)).toEqual(history(a.file));
    expect(a.report.run.rejected).toBe(0);
    expect(a.report.refusals).toEqual([]);
    // the simulation's own rate limit is off even though this config has a strict one
    expect(a.report.eventsStored).toBe(stored.length);
  }, 120_000);

  it('sends bots, and the collector drops every one of their events', () => {
    const r = runs.get('http-a')!;
    expect(r.botVisitors).toBeGreaterThan(5);
    expect(r.botEventsStored).toBe(0);
    expect(r.run.events).toBeGreaterThan(r.eventsStored);
    expect(runs.get('writer')!.run.dropped).toBeGreaterThan(0);
  });

  it('stores history over the whole window with receive times at the simulated moment, never clamped', () => {
    const db = new Database(join(dir, 'http-a.db'), { readonly: true });
    const span = db
      .prepare('SELECT MIN(ts) AS first, MAX(ts) AS last, MAX(received_at - ts) AS lag, MIN(received_at - ts) AS lead FROM events')
      .get() as Record<string, number>;
    db.close();
    expect(span.first).toBeLessThan(base.now - 10 * DAY);
    expect(span.last).toBeLessThanOrEqual(base.now);
    expect(span.lead).toBeGreaterThanOrEqual(0);
    expect(span.lag).toBeLessThanOrEqual(2 * 3600_000); // one tick, plus a form sent on leaving a page
  });

  it('makes a funnel with every stage, and sales outcomes through the admin API', () => {
    const r = runs.get('http-a')!;
    expect(r.funnel).not.toBeNull();
    for (const stage of ['lead', 'mql', 'sql']) expect(r.funnel!.counts[stage], stage).toBeGreaterThan(0);
    const sales = r.sales!;
    expect(sales.accepted + sales.rejected).toBeGreaterThan(0);
    expect(r.funnel!.counts.accepted! + r.funnel!.counts.won! + r.funnel!.counts.lost!).toBe(sales.accepted);
    expect(r.funnel!.counts.rejected).toBeLessThanOrEqual(sales.rejected);
    expect(r.funnel!.rates.mqlToSql).toBeGreaterThan(0);
    // dispositions are stored as history, at simulated times inside the window
    const dispositions = query(join(dir, 'http-a.db'), "SELECT at FROM lead_history WHERE kind = 'disposition'") as { at: number }[];
    expect(dispositions.length).toBe(sales.accepted + sales.rejected + sales.won + sales.lost);
    for (const d of dispositions) expect(d.at).toBeLessThanOrEqual(base.now);
  });

  it('applies decay at simulated time: its report equals the API afterwards, and a collector started then backdates nothing', async () => {
    // Forty days: longer than the 14-day intent window, so SQLs of the first weeks fall back during the run.
    const { file, report } = await run('decay', { via: 'writer', days: 40, visitors: 400 });
    const end = base.now;
    const stageCounts = Object.fromEntries(
      (query(file, 'SELECT stage, COUNT(*) AS n FROM leads GROUP BY stage') as { stage: string; n: number }[]).map((r) => [r.stage, r.n]),
    );
    const reported = report.funnel!.counts;
    for (const stage of ['lead', 'mql', 'near_sql', 'sql']) expect(reported[stage], stage).toBe(stageCounts[stage] ?? 0);
    // Decay did move leads down during the run, at the times it happened.
    const falls = query(
      file,
      "SELECT at FROM lead_history WHERE kind = 'stage' AND cause IN ('engagement decayed', 'intent window expired')",
    ) as { at: number }[];
    expect(falls.length).toBeGreaterThan(0);
    for (const f of falls) expect(f.at).toBeLessThanOrEqual(end);

    // The collector started right after the run, on the same database and clock.
    const historyRows = () => (query(file, 'SELECT COUNT(*) AS n FROM lead_history') as { n: number }[])[0]!.n;
    const before = historyRows();
    const kindling = await createKindling(testConfig({}, { KINDLING_DB: file }), { clock: () => end + 60_000, log: () => {} });
    try {
      const swept = await kindling.engine.sweep();
      expect(swept.transitions).toBe(0);
      const res = await kindling.app.request('/api/funnel', { headers: { authorization: `Bearer ${kindling.adminToken}` } });
      expect(await res.json()).toEqual(report.funnel);
    } finally {
      await kindling.close();
    }
    expect(historyRows()).toBe(before);
  }, 60_000);

  it('looks like real traffic: varied top reasons, and a sales desk that misses some follow-ups (Overdue shows)', () => {
    const file = join(dir, 'decay.db');
    const report = runs.get('decay')!;
    const hot = query(file, "SELECT top_engagement_reason AS why FROM leads WHERE stage IN ('mql', 'near_sql', 'sql')") as {
      why: string;
    }[];
    const kinds = new Set(hot.map((l) => l.why.split(' ')[0]));
    expect(kinds.size).toBeGreaterThanOrEqual(3);
    expect(hot.filter((l) => /pricing/.test(l.why)).length).toBeLessThan(hot.length / 2);
    expect(report.sales!.late + report.sales!.missed).toBeGreaterThan(0);
    // SQLs that sales has not answered within the dashboard's SLA (48 h) at the end of the run.
    const overdue = query(
      file,
      `SELECT id FROM leads WHERE stage = 'sql' AND disposition IS NULL AND sql_since < ${base.now - 48 * 3600_000}`,
    );
    expect(overdue.length).toBeGreaterThan(0);
  });

  it('records the alerts its leads raise, as failed, and sends none of them', async () => {
    let received = 0;
    const receiver = createServer((_req, res) => {
      received++;
      res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const file = join(dir, 'alerts.db');
    try {
      const config = testConfig({ webhooks: { allowPrivateTargets: 'loopback', endpoints: [{ url }] } as never });
      const report = await simulate(config, { ...base, via: 'writer', dbPath: file, dispositions: false });
      await new Promise((r) => setTimeout(r, 300)); // a sender that was going to send would have by now
      expect(report.alertsHeld).toBeGreaterThan(0);
      const messages = query(file, 'SELECT status, last_error, attempts FROM webhook_messages') as {
        status: string;
        last_error: string;
        attempts: number;
      }[];
      expect(messages.length).toBe(report.alertsHeld);
      for (const m of messages) expect(m).toEqual({ status: 'failed', last_error: SIMULATED_ALERT, attempts: 0 });
      expect(received).toBe(0);
    } finally {
      receiver.close();
    }
  }, 60_000);

  it('is idempotent: the same seed and --now again stores nothing new', async () => {
    const again = await simulate(testConfig(), { ...base, via: 'writer', dbPath: join(dir, 'writer.db'), dispositions: false });
    expect(again.eventsStored).toBe(0);
    expect(again.duplicates).toBeGreaterThan(1000);
  }, 60_000);

  it('imports CRM outcomes for the simulated people, dated in the previous quarter, through POST /api/outcomes with a key', async () => {
    const file = join(dir, 'crm.db');
    const report = await simulate(testConfig(), { ...base, via: 'writer', dbPath: file, dispositions: false, crmOutcomes: true });
    const crm = report.crm!;
    // --now is 2025-06-02 (Q2), so the deals are dated in 2025Q1.
    expect(crm.quarter).toBe('2025Q1');
    expect(crm.rows).toBeGreaterThan(0);
    expect(crm.created).toBeGreaterThan(0);
    expect(crm.created + crm.unmatched).toBe(crm.rows);
    const actions = query(file, "SELECT occurred_at AS at, actor, crm FROM lead_actions WHERE source = 'crm'") as {
      at: number;
      actor: string;
      crm: string;
    }[];
    expect(actions.length).toBe(crm.created);
    for (const a of actions) {
      expect(a.at).toBeGreaterThanOrEqual(Date.UTC(2025, 0, 1));
      expect(a.at).toBeLessThan(Date.UTC(2025, 3, 1));
      expect([a.actor, a.crm]).toEqual(['simulated CRM', 'simulated']); // the key's name: it came through the API
    }
    expect(query(file, "SELECT action FROM audit_log WHERE action = 'outcomes.imported'").length).toBe(1);
  }, 60_000);
});
