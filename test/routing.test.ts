import { afterEach, describe, expect, it } from 'vitest';
import { sqlBatch } from '../bench/alert-latency.js';
import { startReceiver, type Receiver } from './support/alerts.js';
import { postEvents, startTestKindling } from './support/kindling.js';
import { startTestSmtpServer, type TestSmtpServer } from './support/smtp.js';
import { addUser, signInAs } from './support/team.js';

/**
 * Lead owners and personal alerts end to end (issue 15.3, 15.4): real events make leads SQL, the
 * routing rules pick owners in the stage change's transaction, and the owner's own channels get
 * the alert — email through a real SMTP server in this process, Slack at a local HTTP receiver —
 * while unowned leads still go to the team's endpoints.
 */
type K = Awaited<ReturnType<typeof startTestKindling>>;
let k: K | undefined;
let smtp: TestSmtpServer | undefined;
const receivers: Receiver[] = [];
afterEach(async () => {
  await k?.cleanup();
  await smtp?.close();
  for (const r of receivers.splice(0)) await r.close();
  k = smtp = undefined;
});

const ORIGIN = 'http://localhost:3000';
/** sqlBatch's buyer with extra traits (country for the rules). */
function buyer(i: number, traits: Record<string, string> = {}) {
  const batch = sqlBatch(i, ORIGIN) as { v: string; e: { t: string; i: string; em?: string; tr?: Record<string, string> }[] };
  for (const e of batch.e) if (e.t === 'identify') e.tr = { ...e.tr, ...traits };
  return batch;
}

async function start(routing: Record<string, unknown>) {
  smtp = await startTestSmtpServer();
  const teamHook = await startReceiver();
  receivers.push(teamHook);
  k = await startTestKindling({
    webhooks: { allowPrivateTargets: 'loopback', endpoints: [{ url: teamHook.url, events: ['lead.entered_sql'] }] } as never,
    smtp: { host: '127.0.0.1', port: smtp.port, from: 'Kindling <kindling@test.example>' },
    routing: routing as never,
  } as never);
  return { teamHook };
}

async function leadByEmail(email: string): Promise<{ id: number }> {
  const res = await k!.app.request(`/api/leads?q=${encodeURIComponent(email)}`, { headers: { authorization: `Bearer ${k!.adminToken}` } });
  const [lead] = ((await res.json()) as { leads: { id: number; email: string }[] }).leads.filter((l) => l.email === email);
  if (!lead) throw new Error(`no lead ${email}`);
  return lead;
}
/** The headers of a signed-in user's same-origin JSON requests (a real password sign-in). */
const sessionOf = async (email: string) => ({
  cookie: await signInAs(k!, email),
  origin: k!.config.publicUrl,
  'content-type': 'application/json',
});
const api = (path: string, init: RequestInit = {}) =>
  k!.app.request(path, {
    ...init,
    headers: { authorization: `Bearer ${k!.adminToken}`, 'content-type': 'application/json', ...init.headers },
  });

describe('routing and personal alerts', () => {
  it("a DACH buyer goes to anna by rule; her email and Slack get the SQL alert, the team's endpoint does not", async () => {
    const { teamHook } = await start({ rules: [{ name: 'dach', country: ['DE', 'AT', 'CH'], to: 'anna@team.example' }] });
    const anna = await addUser(k!, 'anna@team.example', 'sales');
    await addUser(k!, 'ben@team.example', 'sales');
    const annaSlack = await startReceiver();
    receivers.push(annaSlack);
    const cookie = await sessionOf('anna@team.example');
    const saved = await k!.app.request('/api/me/alerts', {
      method: 'PUT',
      headers: cookie,
      body: JSON.stringify({ email: true, slackWebhookUrl: annaSlack.url, events: ['lead.entered_sql'], digest: true }),
    });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({
      email: true,
      emailAddress: 'anna@team.example',
      slackWebhookUrl: annaSlack.url,
      digest: true,
    });

    expect((await postEvents(k!, buyer(1, { country: 'AT' }))).status).toBe(202);
    const mail = await smtp!.waitFor((m) => m.to.includes('anna@team.example'));
    await annaSlack.waitFor(1);
    await k!.alerts.sender.settled();

    const lead = await leadByEmail('buyer1@bench-corp1.example');
    expect(mail.subject).toContain('Buyer 1 is now SQL (Bench Corp 1)');
    expect(mail.text).toContain('Who:      Buyer 1 <buyer1@bench-corp1.example>');
    expect(mail.text).toContain('Company:  Bench Corp 1');
    expect(mail.text).toContain('requested a demo');
    expect(mail.text).toContain(`Open the lead: ${k!.config.publicUrl}/#/leads/${lead.id}`);
    const slack = JSON.parse(annaSlack.received[0]!.body) as { text: string };
    expect(slack.text).toContain('Buyer 1 is now SQL');
    expect(teamHook.received).toHaveLength(0);

    const history = await (await api(`/api/leads/${lead.id}/owner-history`)).json();
    expect(history.history).toEqual([expect.objectContaining({ fromUserId: null, toUserId: anna, how: 'rule:dach', actor: null })]);
    // "My leads" for anna.
    const mine = await (await k!.app.request('/api/leads?owner=me', { headers: cookie })).json();
    expect(mine.leads.map((l: { id: number; ownerId: number }) => [l.id, l.ownerId])).toEqual([[lead.id, anna]]);
  });

  it('round-robin takes turns among available sales users; a colleague follows the company owner; unowned leads alert the team', async () => {
    const { teamHook } = await start({ rules: [] });
    const ben = await addUser(k!, 'ben@team.example', 'sales');
    const cleo = await addUser(k!, 'cleo@team.example', 'sales');
    const dora = await addUser(k!, 'dora@team.example', 'sales');
    await k!.store.transaction((tx) => tx.users.update(dora, { available: false }, Date.now())); // not in the rotation
    await addUser(k!, 'max@team.example', 'marketing');
    for (const i of [1, 2, 3]) expect((await postEvents(k!, buyer(i))).status).toBe(202);
    const owners = [];
    for (const i of [1, 2, 3]) {
      const lead = await leadByEmail(`buyer${i}@bench-corp${i}.example`);
      owners.push((await (await api(`/api/leads/${lead.id}/owner-history`)).json()).history[0].toUserId);
    }
    expect(owners).toEqual([ben, cleo, ben]);
    // Nobody set personal channels: the owners' alerts go to the team's endpoint.
    await teamHook.waitFor(3);

    // A colleague at Bench Corp 2 (cleo's account) goes to cleo, not to the next turn.
    const colleague = buyer(2);
    for (const e of colleague.e) {
      e.i = `${e.i}x`;
      if (e.t === 'identify') e.em = 'second@bench-corp2.example';
    }
    colleague.v = '0190a6f1e2b37c4d8e9f00000000beef';
    expect((await postEvents(k!, colleague)).status).toBe(202);
    const second = await leadByEmail('second@bench-corp2.example');
    expect((await (await api(`/api/leads/${second.id}/owner-history`)).json()).history).toEqual([
      expect.objectContaining({ toUserId: cleo, how: 'account' }),
    ]);
  });

  it('manual reassignment is recorded with who did it, in the owner history and the audit log; bad input changes nothing', async () => {
    await start({ roundRobin: false });
    const ben = await addUser(k!, 'ben@team.example', 'sales');
    const admin = await addUser(k!, 'ada@team.example', 'admin');
    expect((await postEvents(k!, buyer(1))).status).toBe(202);
    const lead = await leadByEmail('buyer1@bench-corp1.example');
    const cookie = await sessionOf('ada@team.example');

    const bad = await k!.app.request(`/api/leads/${lead.id}/owner`, {
      method: 'POST',
      headers: cookie,
      body: JSON.stringify({ userId: 999 }),
    });
    expect(bad.status).toBe(400);
    expect(await k!.store.transaction((tx) => tx.routing.history(lead.id))).toEqual([]);
    const missing = await k!.app.request('/api/leads/424242/owner', {
      method: 'POST',
      headers: cookie,
      body: JSON.stringify({ userId: ben }),
    });
    expect(missing.status).toBe(404);

    const res = await k!.app.request(`/api/leads/${lead.id}/owner`, {
      method: 'POST',
      headers: cookie,
      body: JSON.stringify({ userId: ben }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ownerId: ben, previousOwnerId: null });
    expect((await (await api(`/api/leads/${lead.id}/owner-history`)).json()).history).toEqual([
      expect.objectContaining({ fromUserId: null, toUserId: ben, how: 'manual', actor: `user:${admin}` }),
    ]);
    const audit = await k!.store.transaction((tx) => tx.audit.page({ action: 'lead.reassigned', limit: 10 }));
    expect(audit).toEqual([
      expect.objectContaining({
        actor: { kind: 'user', id: admin, label: 'ada@team.example' },
        target: `lead:${lead.id}`,
        detail: { from: null, to: ben },
      }),
    ]);
  });

  it('personal settings: the admin token has none; a Slack URL to a private address is refused and nothing changes', async () => {
    await start({});
    const anna = await addUser(k!, 'anna@team.example', 'sales');
    expect((await api('/api/me/alerts')).status).toBe(400);
    const cookie = await sessionOf('anna@team.example');
    const refused = await k!.app.request('/api/me/alerts', {
      method: 'PUT',
      headers: cookie,
      body: JSON.stringify({ email: false, slackWebhookUrl: 'http://10.0.0.7/hook', events: ['lead.entered_sql'], digest: false }),
    });
    expect(refused.status).toBe(400);
    expect(await (await k!.app.request('/api/me/alerts', { headers: cookie })).json()).toMatchObject({
      email: false,
      slackWebhookUrl: null,
      digest: false,
    });
  });
});
