import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from './support/alerts.js';
import { batch, eventId, pageview, postEvents, startTestKindling } from './support/kindling.js';
import { FIXTURE_NETWORKS, fixtureDatabaseFiles } from './support/network-fixture.js';
import { startTestSmtpServer, type TestSmtpServer } from './support/smtp.js';
import { addUser, signInAs } from './support/team.js';

/**
 * `account.surging` names the account's owner (issue 16 point 5 with issue 15's owners): a
 * company's owner — set by its first owned lead — hears of its surge on their own channels (email
 * through a real SMTP server, Slack at a local receiver) besides the team's signed webhook.
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

const databases = fixtureDatabaseFiles();
async function receiver() {
  const r = await startReceiver();
  receivers.push(r);
  return r;
}
async function start() {
  smtp = await startTestSmtpServer();
  const team = await receiver();
  k = await startTestKindling({
    accounts: { ...databases },
    webhooks: { allowPrivateTargets: 'loopback', endpoints: [{ url: team.url, events: ['account.surging'] }] },
    smtp: { host: '127.0.0.1', port: smtp.port, from: 'Kindling <kindling@test.example>' },
  } as never);
  return { team, k };
}
const visitor = (n: number) => `0190a6f1e2b37c4d8e9fa0b1c2d4a${n.toString(16).padStart(3, '0')}`;
async function identify(k: K, n: number, email: string) {
  const event = { i: eventId(), t: 'identify', ts: Date.now(), u: 'http://localhost:3000/pricing', em: email };
  expect((await postEvents(k, batch([event, pageview()], { v: visitor(n), ss: `s${n}` }), {}, FIXTURE_NETWORKS.isp.sample)).status).toBe(
    202,
  );
}

describe('account.surging reaches the account owner', () => {
  it("three people of a company with an owner: the team's webhook names the owner, who gets it by email and Slack", async () => {
    const { team, k } = await start();
    const anna = await addUser(k, 'anna@team.example', 'sales');
    const annaSlack = await receiver();
    const saved = await k.app.request('/api/me/alerts', {
      method: 'PUT',
      headers: { cookie: await signInAs(k, 'anna@team.example'), origin: k.config.publicUrl, 'content-type': 'application/json' },
      body: JSON.stringify({ email: true, slackWebhookUrl: annaSlack.url, events: ['account.surging'], digest: false }),
    });
    expect(saved.status).toBe(200);
    // Anna owns Acme (routing gives a company the owner of its first owned lead).
    expect(await k.store.transaction((tx) => tx.routing.claimAccount('acme.io', anna, Date.now()))).toBe(true);

    for (const [n, who] of ['ada', 'bob', 'cy'].entries()) await identify(k, n, `${who}@acme.io`);
    const mail = await smtp!.waitFor((m) => m.to.includes('anna@team.example'));
    await annaSlack.waitFor(1);
    await team.waitFor(1);
    await k.alerts.sender.settled();

    const payload = JSON.parse(team.received[0]!.body);
    expect(payload).toMatchObject({ type: 'account.surging', account: { key: 'd:acme.io', name: 'Acme' }, ownerId: anna });
    expect(team.received).toHaveLength(1);
    expect(JSON.parse(annaSlack.received[0]!.body).text).toContain('Acme is surging');
    expect(annaSlack.received).toHaveLength(1);
    expect(mail.subject).toBe('Kindling: Acme is surging');
    expect(mail.text).toContain('Acme is surging: 3 people');
    expect(mail.text).toContain(`Open the account: ${k.config.publicUrl}/#/companies/d%3Aacme.io`);
  });

  it('an account without an owner (or a network, which has none) goes to the team only, ownerId null', async () => {
    const { team, k } = await start();
    const anna = await addUser(k, 'anna@team.example', 'sales');
    const annaSlack = await receiver();
    await k.store.transaction((tx) =>
      tx.endpoints.insert(
        {
          url: annaSlack.url,
          secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
          format: 'slack',
          events: ['account.surging'],
          source: 'api',
          userId: anna,
        },
        0,
      ),
    );
    for (const [n, who] of ['ada', 'bob', 'cy'].entries()) await identify(k, n, `${who}@globex.io`);
    await team.waitFor(1);
    await k.alerts.sender.settled();
    expect(JSON.parse(team.received[0]!.body)).toMatchObject({ account: { key: 'd:globex.io' }, ownerId: null });
    expect(annaSlack.received).toHaveLength(0);
  });
});
