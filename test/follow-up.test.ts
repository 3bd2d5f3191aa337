import { afterEach, describe, expect, it } from 'vitest';
import { sqlBatch } from '../bench/alert-latency.js';
import { followUpRound } from '../collector/routing/follow-up.js';
import { startReceiver, type Receiver } from './support/alerts.js';
import { postEvents, startTestKindling } from './support/kindling.js';
import { postgresTestsEnabled, useTestDatabase } from './support/postgres.js';
import { roundDeps as deps } from './support/rounds.js';
import { addUser } from './support/team.js';

/**
 * The follow-up deadline with teeth (issue 15.5): overdue is a server-side field and filter, the
 * owner is reminded once, the escalation follows after the second interval, and on PostgreSQL two
 * collectors checking at the same moment still remind once — and take round-robin turns fairly.
 */
type K = Awaited<ReturnType<typeof startTestKindling>>;
const open: K[] = [];
const receivers: Receiver[] = [];
afterEach(async () => {
  for (const k of open.splice(0)) await k.cleanup();
  for (const r of receivers.splice(0)) await r.close();
});

const HOUR = 3_600_000;
const ORIGIN = 'http://localhost:3000';

async function receiver() {
  const r = await startReceiver();
  receivers.push(r);
  return r;
}

async function collector(env: Record<string, string>, routing: Record<string, unknown>, time: { offset: number }) {
  const k = await startTestKindling(
    { webhooks: { allowPrivateTargets: 'loopback' } as never, routing: routing as never, dashboard: { slaHours: 48, sessionHours: 1 } },
    { env, clock: () => Date.now() + time.offset },
  );
  open.push(k);
  return k;
}

/** A Slack channel of this user's own, subscribed to the given events. */
async function slackOf(k: K, userId: number, url: string, events: string[]) {
  await k.store.transaction((tx) =>
    tx.endpoints.insert(
      { url, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', format: 'slack', events: events as never, source: 'api', userId },
      0,
    ),
  );
}

const api = async (k: K, path: string) => (await k.app.request(path, { headers: { authorization: `Bearer ${k.adminToken}` } })).json();

describe('follow-up deadline', () => {
  it('overdue is a field and a filter; the owner is reminded once, the manager escalated once, a disposition stops the clock', async () => {
    const time = { offset: 0 };
    const k = await collector({}, { followUp: { escalateAfterHours: 24, escalateTo: 'boss@team.example' } }, time);
    const anna = await addUser(k, 'anna@team.example', 'sales');
    const boss = await addUser(k, 'boss@team.example', 'admin');
    const annaSlack = await receiver();
    const bossSlack = await receiver();
    await slackOf(k, anna, annaSlack.url, ['lead.entered_sql', 'lead.overdue']);
    await slackOf(k, boss, bossSlack.url, ['lead.entered_sql']);
    for (const i of [1, 2]) expect((await postEvents(k, sqlBatch(i, ORIGIN))).status).toBe(202);
    await annaSlack.waitFor(2); // the two SQL alerts
    const [one, two] = (await api(k, '/api/leads?stage=sql')).leads.sort((a: { id: number }, b: { id: number }) => a.id - b.id);
    expect([one.overdue, two.overdue]).toEqual([false, false]);
    await k.app.request(`/api/leads/${two.id}/disposition`, {
      method: 'POST',
      headers: { authorization: `Bearer ${k.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ disposition: 'accepted' }),
    });

    time.offset = 47 * HOUR;
    expect(await followUpRound(deps(k, time))).toEqual({ reminded: 0, escalated: 0 });
    expect((await api(k, '/api/leads?overdue=true')).leads).toEqual([]);

    time.offset = 48 * HOUR + 60_000;
    const list = await api(k, '/api/leads?overdue=true');
    expect(list.leads.map((l: { id: number; overdue: boolean }) => [l.id, l.overdue])).toEqual([[one.id, true]]);
    expect((await api(k, `/api/leads/${one.id}`)).lead.overdue).toBe(true);
    expect((await api(k, `/api/leads/${two.id}`)).lead.overdue).toBe(false);
    expect(await followUpRound(deps(k, time))).toEqual({ reminded: 1, escalated: 0 });
    expect(await followUpRound(deps(k, time))).toEqual({ reminded: 0, escalated: 0 });
    await annaSlack.waitFor(3);
    const reminder = JSON.parse(annaSlack.received[2]!.body) as { text: string };
    expect(reminder.text).toContain('Buyer 1 is waiting for follow-up');

    time.offset = 72 * HOUR + 120_000;
    expect(await followUpRound(deps(k, time))).toEqual({ reminded: 0, escalated: 1 });
    expect(await followUpRound(deps(k, time))).toEqual({ reminded: 0, escalated: 0 });
    await bossSlack.waitFor(1);
    expect((JSON.parse(bossSlack.received[0]!.body) as { text: string }).text).toContain('Escalation: Buyer 1 is still not followed up');
    await k.alerts.sender.settled();
    expect(annaSlack.received).toHaveLength(3);
    expect(bossSlack.received).toHaveLength(1);
  });
});

describe.runIf(postgresTestsEnabled('test/follow-up.test.ts'))('two collectors on one PostgreSQL', () => {
  const pg = useTestDatabase();
  it('take round-robin turns fairly and remind an overdue SQL once when both check at the same moment', async () => {
    const time = { offset: 0 };
    const env = { KINDLING_DATABASE_URL: pg.url };
    const a = await collector(env, {}, time);
    const b = await collector(env, {}, time);
    const users = [];
    for (const name of ['ann', 'bea', 'cid', 'dan']) users.push(await addUser(a, `${name}@team.example`, 'sales'));
    const hook = await receiver();
    for (const user of users) await slackOf(a, user, `${hook.url}?u=${user}`, ['lead.overdue']);

    // Eight buyers become SQL at once, half through each collector.
    const posted = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((i) => postEvents(i % 2 ? a : b, sqlBatch(i, ORIGIN))));
    expect(posted.map((r) => r.status)).toEqual(Array(8).fill(202));
    const owners = (await api(a, '/api/leads?limit=50')).leads.map((l: { ownerId: number }) => l.ownerId);
    expect(owners).toHaveLength(8);
    for (const user of users) expect(owners.filter((o: number) => o === user)).toHaveLength(2);

    time.offset = 49 * HOUR;
    const rounds = await Promise.all([followUpRound(deps(a, time)), followUpRound(deps(b, time))]);
    expect(rounds[0]!.reminded + rounds[1]!.reminded).toBe(8);
    await hook.waitFor(8);
    await Promise.all([a.alerts.sender.settled(), b.alerts.sender.settled()]);
    expect(hook.received).toHaveLength(8);
  });
});
