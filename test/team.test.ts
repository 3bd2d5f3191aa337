import { afterEach, describe, expect, it } from 'vitest';
import { startTestKindling } from './support/kindling.js';
import { events } from './support/engine.js';
import { startTestSmtpServer, type TestSmtpServer } from './support/smtp.js';
import { addKey, addUser, BROWSER_WRITE, signInAs, TEST_PASSWORD } from './support/team.js';
import { SIGN_IN_THROTTLE } from '../collector/dashboard/sign-in-throttle.js';

type K = Awaited<ReturnType<typeof startTestKindling>>;
let k: K;
let smtp: TestSmtpServer | null = null;
afterEach(async () => {
  await k?.cleanup();
  await smtp?.close();
  smtp = null;
});

const bearer = () => ({ authorization: `Bearer ${k.adminToken}`, 'content-type': 'application/json' });
const from = (ip: string) => ({ incoming: { socket: { remoteAddress: ip, remotePort: 40000, remoteFamily: 'IPv4' } } });
async function call(method: string, path: string, headers: Record<string, string>, body?: unknown, ip = '198.51.100.1') {
  const res = await k.app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }, from(ip));
  return { status: res.status, body: (await res.json()) as any, cookie: res.headers.get('set-cookie') };
}
const post = (path: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }, ip?: string) =>
  call('POST', path, headers, body, ip);
const tokenOf = (url: string) => new URL(url.replace('/#/', '/')).searchParams.get('token')!;
const cookieOf = (setCookie: string | null) => setCookie!.split(';')[0]!;
const me = async (cookie: string) => call('GET', '/api/me', { cookie });

describe('the first admin, invites and password sign-in', () => {
  it('start prints a one-time setup link while nobody exists; it makes its opener the first admin, once', async () => {
    k = await startTestKindling();
    expect(k.setupUrl).toMatch(/^http:\/\/localhost:\d+\/#\/setup\?token=kl_[\w-]{43}$/);
    const token = tokenOf(k.setupUrl!);
    expect((await post('/auth/links/check', { token, purpose: 'setup' })).body).toMatchObject({ purpose: 'setup', email: null });
    const weak = await post('/auth/setup', { token, email: 'boss@example.com', name: 'Boss', password: 'password1234' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.message).toMatch(/common passwords/);
    const made = await post('/auth/setup', { token, email: 'Boss@Example.com', name: 'Boss', password: TEST_PASSWORD });
    expect(made.status).toBe(201);
    expect((await me(cookieOf(made.cookie))).body.user).toMatchObject({ email: 'boss@example.com', role: 'admin', status: 'active' });
    expect((await post('/auth/setup', { token, email: 'x@example.com', name: 'X', password: TEST_PASSWORD })).status).toBe(401);
    // Restarted with a user: no link any more.
    const again = await (await import('../collector/team/index.js')).firstAdminSetupUrl(k.writer, k.config.publicUrl);
    expect(again).toBeNull();
  });

  it('an invite is a one-time link for 7 days; accepting it sets the password and signs in; the audit log has both', async () => {
    k = await startTestKindling();
    const invited = await post('/api/users', { email: 'rep@example.com', name: 'Rep', role: 'sales' }, bearer());
    expect(invited.status).toBe(201);
    expect(invited.body.user).toMatchObject({ email: 'rep@example.com', role: 'sales', status: 'invited' });
    expect(invited.body.expiresAt - Date.now()).toBeGreaterThan(7 * 86_400_000 - 60_000);
    expect((await post('/api/users', { email: 'REP@example.com', name: 'Again', role: 'admin' }, bearer())).status).toBe(409);
    const token = tokenOf(invited.body.inviteUrl);
    expect((await post('/auth/links/check', { token, purpose: 'invite' })).body).toMatchObject({ email: 'rep@example.com', name: 'Rep' });
    expect((await post('/auth/invite/accept', { token, password: 'short' })).status).toBe(400);
    // Nobody can sign in to an invited account before it has a password.
    expect((await post('/auth/login', { email: 'rep@example.com', password: TEST_PASSWORD })).status).toBe(401);
    const accepted = await post('/auth/invite/accept', { token, password: TEST_PASSWORD });
    expect(accepted.status).toBe(200);
    expect((await me(cookieOf(accepted.cookie))).body.user).toMatchObject({ role: 'sales', status: 'active' });
    expect((await post('/auth/invite/accept', { token, password: TEST_PASSWORD })).status).toBe(401);
    await signInAs(k, 'rep@example.com');
    const audit = await call('GET', '/api/audit', bearer());
    expect(audit.body.entries.map((e: any) => [e.action, e.actor.label])).toEqual([
      ['auth.sign_in', 'rep@example.com'],
      ['user.joined', 'rep@example.com'],
      ['user.invited', 'admin token'],
    ]);
  });

  it('password sign-in: one answer for a wrong password and an unknown email; the session id rotates; cookie flags', async () => {
    k = await startTestKindling({ server: { publicUrl: 'https://kindling.example.com' } as never });
    await addUser(k, 'ann@example.com', 'marketing');
    const wrong = await post('/auth/login', { email: 'ann@example.com', password: 'not her password' });
    const unknown = await post('/auth/login', { email: 'nobody@example.com', password: 'not her password' });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
    const first = await post('/auth/login', { email: 'ANN@example.com', password: TEST_PASSWORD });
    expect(first.status).toBe(200);
    expect(first.cookie).toMatch(/HttpOnly/);
    expect(first.cookie).toMatch(/SameSite=Strict/);
    expect(first.cookie).toMatch(/Secure/);
    const old = cookieOf(first.cookie);
    const second = await post('/auth/login', { email: 'ann@example.com', password: TEST_PASSWORD }, { ...BROWSER_WRITE, cookie: old });
    expect(cookieOf(second.cookie)).not.toBe(old);
    expect((await me(old)).status).toBe(401);
    expect((await me(cookieOf(second.cookie))).body.user.role).toBe('marketing');
  });

  it('a removed user loses access at once, a demoted one on the next request; the last admin stays', async () => {
    k = await startTestKindling();
    const boss = await addUser(k, 'boss@example.com', 'admin');
    const rep = await addUser(k, 'rep@example.com', 'admin');
    const cookie = await signInAs(k, 'rep@example.com');
    expect((await call('GET', '/api/users', { cookie })).status).toBe(200);
    expect((await call('PATCH', `/api/users/${rep}`, bearer(), { role: 'sales' })).status).toBe(200);
    expect((await call('GET', '/api/users', { cookie })).status).toBe(403);
    expect((await call('GET', '/api/leads', { cookie })).status).toBe(200);
    expect((await call('DELETE', `/api/users/${rep}`, bearer())).status).toBe(200);
    expect((await call('GET', '/api/leads', { cookie })).status).toBe(401);
    expect((await post('/auth/login', { email: 'rep@example.com', password: TEST_PASSWORD })).status).toBe(401);
    const last = await call('PATCH', `/api/users/${boss}`, bearer(), { role: 'marketing' });
    expect(last.status).toBe(409);
    expect((await call('DELETE', `/api/users/${boss}`, bearer())).status).toBe(409);
    const changes = await call('GET', '/api/audit?action=user.changed', bearer());
    expect(changes.body.entries[0].detail).toMatchObject({ role: { from: 'admin', to: 'sales' } });
  });

  it("sign-in is throttled per account from any address, and one person's typos do not lock out the office", async () => {
    k = await startTestKindling();
    await addUser(k, 'ann@example.com', 'sales');
    await addUser(k, 'bob@example.com', 'sales');
    for (let i = 0; i < SIGN_IN_THROTTLE.perAccount; i++) {
      expect(
        (await post('/auth/login', { email: 'ann@example.com', password: `guess ${i} guess` }, undefined, `203.0.113.${i}`)).status,
      ).toBe(401);
    }
    // Ann's account waits, even with the right password from a new address…
    const locked = await post('/auth/login', { email: 'ann@example.com', password: TEST_PASSWORD }, undefined, '192.0.2.200');
    expect(locked.status).toBe(429);
    // …while Bob, behind the address Ann typed from, signs in.
    expect((await post('/auth/login', { email: 'bob@example.com', password: TEST_PASSWORD }, undefined, '203.0.113.0')).status).toBe(200);
  });
});

describe('API keys', () => {
  it('shown once, stored hashed, scoped, recorded as the actor, last use kept, revocable', async () => {
    k = await startTestKindling();
    const created = await post('/api/keys', { name: 'CRM', scopes: ['outcomes:write', 'leads:read'] }, bearer());
    expect(created.status).toBe(201);
    const secret: string = created.body.secret;
    expect(secret).toMatch(/^kk_[\w-]{43}$/);
    const listed = await call('GET', '/api/keys', bearer());
    expect(JSON.stringify(listed.body)).not.toContain(secret.slice(9));
    expect(listed.body.keys[0]).toMatchObject({ name: 'CRM', prefix: secret.slice(0, 9), lastUsedAt: null, revokedAt: null });

    await k.writer.write([events.identify('v1', Date.now(), 'buyer@acme.io')]);
    const key = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
    const lead = (await call('GET', '/api/leads', key)).body.leads[0].id;
    expect((await call('POST', `/api/leads/${lead}/disposition`, key, { disposition: 'won', note: 'signed' })).status).toBe(200);
    expect((await call('POST', `/api/leads/${lead}/erase`, key)).status).toBe(403);
    expect((await call('GET', '/api/keys', bearer())).body.keys[0].lastUsedAt).toBeGreaterThan(0);
    expect((await call('GET', `/api/leads/${lead}`, key)).body.notes[0]).toMatchObject({ text: 'signed', author: 'CRM' });
    const entry = (await call('GET', '/api/audit?action=lead.disposition', bearer())).body.entries[0];
    expect(entry).toMatchObject({ actor: { kind: 'key', id: created.body.key.id, label: 'CRM' }, target: `lead:${lead}` });

    expect((await call('DELETE', `/api/keys/${created.body.key.id}`, bearer())).status).toBe(200);
    expect((await call('GET', '/api/leads', key)).status).toBe(401);
    expect((await call('DELETE', `/api/keys/${created.body.key.id}`, bearer())).status).toBe(404);
  });
});

describe('the audit log', () => {
  it('records a sales decision with its user in the same transaction; filters by actor, action and time; pages by cursor', async () => {
    k = await startTestKindling();
    const rep = await addUser(k, 'rep@example.com', 'sales');
    const cookie = await signInAs(k, 'rep@example.com');
    await k.writer.write([1, 2, 3].map((i) => events.identify(`v${i}`, Date.now(), `p${i}@acme.io`)));
    const leads = (await call('GET', '/api/leads', bearer())).body.leads.map((l: any) => l.id);
    for (const id of leads)
      await call('POST', `/api/leads/${id}/disposition`, { cookie, ...BROWSER_WRITE }, { disposition: 'accepted', note: `note ${id}` });
    // A refused change leaves no entry.
    await call('POST', '/api/leads/99999/disposition', { cookie, ...BROWSER_WRITE }, { disposition: 'accepted' });

    const mine = await call('GET', `/api/audit?actor=user:${rep}&action=lead.disposition&limit=2`, bearer());
    expect(mine.body.entries).toHaveLength(2);
    const next = await call('GET', `/api/audit?actor=user:${rep}&action=lead.disposition&limit=2&cursor=${mine.body.nextCursor}`, bearer());
    expect(next.body).toMatchObject({ nextCursor: null });
    const all = [...mine.body.entries, ...next.body.entries];
    expect(all.map((e: any) => e.target).sort()).toEqual(leads.map((id: number) => `lead:${id}`).sort());
    expect(all[0]).toMatchObject({ actor: { kind: 'user', id: rep, label: 'rep@example.com' }, detail: { disposition: 'accepted' } });
    const detail = (await call('GET', `/api/leads/${leads[0]}`, { cookie })).body;
    expect(detail.notes[0]).toMatchObject({ text: `note ${leads[0]}`, author: 'rep@example.com' });
    expect((await call('GET', `/api/audit?from=${Date.now() + 60_000}`, bearer())).body.entries).toEqual([]);
    expect((await call('GET', '/api/audit?cursor=nonsense', bearer())).status).toBe(400);
    expect((await call('GET', '/api/audit?actor=root', bearer())).status).toBe(400);

    // Erasure keeps who did what and when, and drops what the note said about the person.
    await call('POST', `/api/leads/${leads[0]}/erase`, bearer());
    const about = (await call('GET', `/api/audit?target=lead:${leads[0]}`, bearer())).body.entries;
    expect(about.map((e: any) => [e.action, e.detail])).toEqual([
      ['lead.erased', null],
      ['lead.disposition', null],
    ]);
  });
});

describe('sign-in by email link', () => {
  it('sends a one-time link through SMTP; the link signs in once; an unknown address gets the same answer and no mail', async () => {
    smtp = await startTestSmtpServer();
    k = await startTestKindling({ smtp: { host: '127.0.0.1', port: smtp.port, from: 'Kindling <k@example.com>' } } as never);
    await addUser(k, 'rep@example.com', 'sales');
    expect(await post('/auth/magic', { email: 'nobody@example.com' })).toMatchObject({ status: 202, body: { sent: true } });
    expect(await post('/auth/magic', { email: 'Rep@example.com' })).toMatchObject({ status: 202, body: { sent: true } });
    const mail = await smtp.waitFor((m) => m.to.includes('rep@example.com'));
    const url = mail.text.match(/http\S+/)![0];
    expect(url).toMatch(/#\/magic\?token=kl_/);
    const redeemed = await post('/auth/magic/redeem', { token: tokenOf(url) });
    expect(redeemed.status).toBe(200);
    expect((await me(cookieOf(redeemed.cookie))).body.user.email).toBe('rep@example.com');
    expect((await post('/auth/magic/redeem', { token: tokenOf(url) })).status).toBe(401);
    expect(smtp.received.map((m) => m.to[0])).toEqual(['rep@example.com']);
  });

  it('without an smtp block it says so (409)', async () => {
    k = await startTestKindling();
    expect((await post('/auth/magic', { email: 'a@example.com' })).status).toBe(409);
  });
});
