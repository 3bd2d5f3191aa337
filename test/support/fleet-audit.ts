import type { Sql } from '../../collector/store/postgres/connect.js';
import { fleetEmail } from './fleet.js';
import type { WebhookReceiver } from './webhook-receiver.js';

/**
 * The four checks of issue 14.7 after a fleet run, as findings (every list empty when all is
 * well), so the fleet test asserts them and `npm run bench` prints them at a larger size. Reads
 * the database directly: these are checks on the stored rows, not a feature. No vitest here.
 */
export interface FleetAudit {
  /** Acknowledged event ids not stored exactly once. */
  ackedNotOnce: string[];
  /** Emails stored other than once each for the people of the load, and browsers not pointing at their person. */
  peopleWrong: string[];
  /** Lead ids with more than one SQL alert, and how many SQL alerts there are. */
  sqlAlertsTwice: number[];
  sqlAlerts: number;
  /** Messages still undelivered after the drain, and messages the receiver never got. */
  undelivered: string[];
  /** Messages delivered twice whose first delivery came after the kill (so not the dead collector's retry). */
  deliveredTwice: string[];
  /** The rescore's stage changes and the rows of leads, lead_state, lead_history it changed. */
  rescoreStageChanges: number;
  rescoreChangedRows: number;
}

export interface AuditOptions {
  sql: Sql;
  acked: readonly string[];
  people: number;
  visitorsPerPerson: number;
  receiver: WebhookReceiver;
  /** Date.now() when the member was killed. */
  killedAt: number;
  /** A live member and an admin token, for POST /api/rescore. */
  memberUrl: string;
  adminToken: string;
  /** How long to wait for the outbox to drain (a dead member's claims lapse after the request timeout). */
  drainMs: number;
}

const rowsOf = (rows: readonly unknown[]) => rows.map((r) => JSON.stringify(r));

export async function auditFleet(o: AuditOptions): Promise<FleetAudit> {
  const { sql } = o;
  const stored = await sql<{ event_id: string; n: number }[]>`SELECT event_id, COUNT(*)::int AS n FROM events GROUP BY event_id`;
  const count = new Map(stored.map((r) => [r.event_id, r.n]));
  const ackedNotOnce = o.acked.filter((id) => count.get(id) !== 1);

  const leads = (await sql<{ email: string }[]>`SELECT email FROM leads`).map((l) => l.email);
  const expected = new Set(Array.from({ length: o.people }, (_, p) => fleetEmail(p)));
  const seen = new Map<string, number>();
  for (const email of leads) seen.set(email, (seen.get(email) ?? 0) + 1);
  const peopleWrong = [
    ...[...expected].filter((e) => seen.get(e) !== 1).map((e) => `${e} stored ${seen.get(e) ?? 0}×`),
    ...leads.filter((e) => !expected.has(e)).map((e) => `${e} unexpected`),
  ];
  const pointers = await sql<{ email: string; visitors: number }[]>`
    SELECT l.email, COUNT(*)::int AS visitors FROM visitor_leads v JOIN leads l ON l.id = v.lead_id GROUP BY l.email`;
  for (const p of pointers) if (p.visitors !== o.visitorsPerPerson) peopleWrong.push(`${p.email} has ${p.visitors} browsers`);

  const deadline = Date.now() + o.drainMs;
  let pending: string[] = [];
  for (;;) {
    pending = (await sql<{ id: string }[]>`SELECT id FROM webhook_messages WHERE status <> 'delivered'`).map((r) => r.id);
    if (!pending.length || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const messages = await sql<{ id: string; type: string; lead_id: number }[]>`SELECT id, type, lead_id FROM webhook_messages`;
  const sqlAlerts = messages.filter((m) => m.type === 'lead.entered_sql');
  const perLead = new Map<number, number>();
  for (const m of sqlAlerts) perLead.set(m.lead_id, (perLead.get(m.lead_id) ?? 0) + 1);
  const counts = o.receiver.counts();
  const firstArrival = new Map<string, number>();
  for (const d of o.receiver.deliveries) if (!firstArrival.has(d.id)) firstArrival.set(d.id, d.at);

  const snapshot = async () => [
    ...rowsOf(await sql`SELECT * FROM leads ORDER BY id`),
    ...rowsOf(await sql`SELECT * FROM lead_state ORDER BY lead_id`),
    ...rowsOf(await sql`SELECT * FROM lead_history ORDER BY lead_id, id`),
  ];
  const before = await snapshot();
  const res = await fetch(`${o.memberUrl}/api/rescore`, {
    method: 'POST',
    headers: { authorization: `Bearer ${o.adminToken}`, 'content-type': 'application/json' },
    body: '{}',
  });
  if (res.status !== 200) throw new Error(`POST /api/rescore answered ${res.status}: ${await res.text()}`);
  const { stageChanges } = (await res.json()) as { stageChanges: number };
  const after = new Set(await snapshot());
  return {
    ackedNotOnce,
    peopleWrong,
    sqlAlertsTwice: [...perLead].filter(([, n]) => n > 1).map(([id]) => id),
    sqlAlerts: sqlAlerts.length,
    undelivered: [...new Set([...pending, ...messages.filter((m) => !counts.has(m.id)).map((m) => m.id)])],
    deliveredTwice: [...counts].filter(([id, n]) => n > 1 && firstArrival.get(id)! > o.killedAt).map(([id]) => id),
    rescoreStageChanges: stageChanges,
    rescoreChangedRows: before.filter((row) => !after.has(row)).length + Math.max(0, after.size - before.length),
  };
}
