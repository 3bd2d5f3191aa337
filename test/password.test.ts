import { afterEach, describe, expect, it } from 'vitest';
import { startTestKindling } from './support/kindling.js';
import { startTestSmtpServer, type TestSmtpServer } from './support/smtp.js';
import { addUser, signInAs, TEST_PASSWORD } from './support/team.js';
import { SIGN_IN_THROTTLE } from '../collector/dashboard/sign-in-throttle.js';

/**
 * Password change and reset through HTTP: a signed-in user changes their own password (the current
 * one required, the policy applied, their other sessions ended, audited); a forgotten one is reset
 * by a one-time link sent to a real SMTP server, with the same answer for unknown addresses.
 */
type K = Awaited<ReturnType<typeof startTestKindling>>;
let k: K | undefined;
let smtp: TestSmtpServer | undefined;
afterEach(async () => {
  await k?.cleanup();
  await smtp?.close();
  k = smtp = undefined;
});

const NEW_PASSWORD = 'Copper lantern 42 harbours';
const json = { 'content-type': 'application/json' };
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  k!.app.request(path, { method: 'POST', headers: { ...json, origin: k!.config.publicUrl, ...headers }, body: JSON.stringify(body) });
const me = async (cookie: string) => (await k!.app.request('/api/me', { headers: { cookie } })).status;
const cookieOf = (res: Response) => res.headers.get('set-cookie')!.split(';')[0]!;
async function audit(action: string) {
  const res = await k!.app.request(`/api/audit?action=${action}`, { headers: { authorization: `Bearer ${k!.adminToken}` } });
  return ((await res.json()) as { entries: { action: string; target: string; detail: Record<string, unknown> }[] }).entries;
}

describe('password change', () => {
  it('needs the current password and the policy; ends the other sessions and rotates this one; audited', async () => {
    k = await startTestKindling();
    const anna = await addUser(k, 'anna@team.example', 'sales');
    const here = await signInAs(k, 'anna@team.example');
    const elsewhere = await signInAs(k, 'anna@team.example');

    const wrong = await post(
      '/api/me/password',
      { currentPassword: 'not my password at all', newPassword: NEW_PASSWORD },
      { cookie: here },
    );
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: { details: { path: string }[] } }).error.details[0]!.path).toBe('currentPassword');
    const weak = await post('/api/me/password', { currentPassword: TEST_PASSWORD, newPassword: 'password1234' }, { cookie: here });
    expect(weak.status).toBe(400);
    expect(await me(elsewhere)).toBe(200); // nothing changed yet

    const done = await post('/api/me/password', { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD }, { cookie: here });
    expect(done.status).toBe(200);
    const rotated = cookieOf(done);
    expect(rotated).not.toBe(here);
    expect([await me(here), await me(elsewhere), await me(rotated)]).toEqual([401, 401, 200]);
    await expect(signInAs(k, 'anna@team.example')).rejects.toThrow(/401/);
    await signInAs(k, 'anna@team.example', NEW_PASSWORD);
    const [entry] = await audit('user.password_changed');
    expect(entry).toMatchObject({ target: `user:${anna}`, detail: { sessionsEnded: 2 } });

    // A token or an API key has no password of its own.
    const token = await post(
      '/api/me/password',
      { currentPassword: 'x', newPassword: NEW_PASSWORD },
      { authorization: `Bearer ${k.adminToken}` },
    );
    expect(token.status).toBe(400);
  });
});

describe('password reset by email', () => {
  it('mails a one-time link to a known address, answers the same for an unknown one, and the link sets a new password once', async () => {
    smtp = await startTestSmtpServer();
    k = await startTestKindling({ smtp: { host: '127.0.0.1', port: smtp.port, from: 'Kindling <kindling@test.example>' } } as never);
    await addUser(k, 'anna@team.example', 'sales');
    const before = await signInAs(k, 'anna@team.example');

    const known = await post('/auth/password/forgot', { email: 'Anna@Team.example' });
    const unknown = await post('/auth/password/forgot', { email: 'nobody@team.example' });
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(await known.json()).toEqual(await unknown.json());
    const mail = await smtp.waitFor((m) => m.to.includes('anna@team.example'));
    expect(mail.subject).toBe('Reset your Kindling password');
    const token = /\/#\/reset\?token=(\S+)/.exec(mail.text)![1]!;
    expect(mail.text).toContain(`${k.config.publicUrl}/#/reset?token=`);

    // A password the policy refuses leaves the link usable.
    expect((await post('/auth/password/reset', { token, password: 'short' })).status).toBe(400);
    const reset = await post('/auth/password/reset', { token, password: NEW_PASSWORD });
    expect(reset.status).toBe(200);
    expect(await me(cookieOf(reset))).toBe(200);
    expect(await me(before)).toBe(401);
    expect((await post('/auth/password/reset', { token, password: NEW_PASSWORD })).status).toBe(401);
    await signInAs(k, 'anna@team.example', NEW_PASSWORD);
    expect((await audit('user.password_reset')).map((e) => e.detail)).toEqual([{ method: 'email link', sessionsEnded: 1 }]);
    expect(smtp.received.filter((m) => m.to.includes('nobody@team.example'))).toEqual([]);
  });

  it('is throttled like sign-in, and refused with a clear 409 without SMTP', async () => {
    k = await startTestKindling();
    expect((await post('/auth/password/forgot', { email: 'a@team.example' })).status).toBe(409);
    await k.cleanup();
    smtp = await startTestSmtpServer();
    k = await startTestKindling({ smtp: { host: '127.0.0.1', port: smtp.port, from: 'k@test.example' } } as never);
    const statuses = [];
    for (let i = 0; i <= SIGN_IN_THROTTLE.perBrowser; i++)
      statuses.push((await post('/auth/password/forgot', { email: `x${i}@team.example` })).status);
    expect(statuses.slice(0, SIGN_IN_THROTTLE.perBrowser)).toEqual(Array(SIGN_IN_THROTTLE.perBrowser).fill(202));
    expect(statuses.at(-1)).toBe(429);
  });
});
