import { afterEach, describe, expect, it } from 'vitest';
import { testConfig } from '../config/index.js';
import { hashSessionId, SESSION_COOKIE } from './sessions.js';
import { ATTEMPT_COOKIE, SIGN_IN_THROTTLE } from './sign-in-throttle.js';
import { startTestKindling, type TestKindling } from '../../test/support/kindling.js';
import { count, rows } from '../../test/support/query.js';

const TOKEN = 'kt_test_token_0123456789abcdef';
let now = 1_700_000_000_000;
let k: TestKindling;

async function start(overrides: Parameters<typeof testConfig>[0] = {}): Promise<TestKindling> {
  now = 1_700_000_000_000;
  k = await startTestKindling(overrides, { clock: () => now, env: { KINDLING_ADMIN_TOKEN: TOKEN } });
  return k;
}
afterEach(async () => k?.cleanup());

const login = (token: string) =>
  k.app.request('/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });

/** `kindling_session=…` from a Set-Cookie header, ready to send back. */
function cookieFrom(res: Response): string {
  const set = res.headers.get('set-cookie') ?? '';
  const pair = set.split(';')[0]!;
  expect(pair.startsWith(`${SESSION_COOKIE}=`)).toBe(true);
  return pair;
}

const api = (cookie?: string) => k.app.request('/api/dashboard', { headers: cookie ? { cookie } : {} });

describe('dashboard sign-in', () => {
  it('answers 401 without a token or session, 200 with either', async () => {
    await start();
    expect((await api()).status).toBe(401);
    expect(await (await api()).json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect((await k.app.request('/api/dashboard', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    const cookie = cookieFrom(await login(TOKEN));
    const res = await api(cookie);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ slaHours: 48 });
  });

  it('lets a signed-in browser use every part of the API, and nothing else does', async () => {
    await start();
    const cookie = cookieFrom(await login(TOKEN));
    for (const path of ['/api/leads', '/api/funnel', '/api/companies', '/api/rules', '/api/sites', '/api/webhooks', '/api/dashboard']) {
      expect((await k.app.request(path, { headers: { cookie } })).status, path).toBe(200);
      expect((await k.app.request(path)).status, path).toBe(401);
    }
  });

  it('sets an HttpOnly, SameSite=Strict, Path=/ cookie that lasts the configured hours', async () => {
    await start({ dashboard: { slaHours: 24, sessionHours: 12 } });
    const res = await login(TOKEN);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ signedIn: true, expiresAt: now + 12 * 3_600_000 });
    const set = res.headers.get('set-cookie')!;
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    expect(set).toMatch(/Path=\//);
    expect(set).toMatch(/Max-Age=43200/);
    expect(set).not.toMatch(/Secure/); // http://localhost: a Secure cookie would never come back
    expect(await (await api(cookieFrom(res))).json()).toEqual({ slaHours: 24 });
  });

  it('marks the cookie Secure when the public URL is https', async () => {
    k = await startTestKindling({}, { env: { KINDLING_ADMIN_TOKEN: TOKEN, KINDLING_PUBLIC_URL: 'https://kindling.example.com' } });
    expect((await login(TOKEN)).headers.get('set-cookie')).toMatch(/Secure/);
  });

  it('refuses a wrong token, a malformed body and a forged cookie', async () => {
    await start();
    const wrong = await login('kt_wrong_token_0123456789abcdef');
    expect(wrong.status).toBe(401);
    // No session cookie; only the attempt id the sign-in throttle counts this browser by.
    expect(wrong.headers.get('set-cookie')).toMatch(new RegExp(`^${ATTEMPT_COOKIE}=[^,]*$`));
    const bad = await k.app.request('/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"tok' });
    expect(bad.status).toBe(400);
    const extra = await k.app.request('/auth/login', { method: 'POST', body: JSON.stringify({ token: TOKEN, admin: true }) });
    expect(extra.status).toBe(400);
    expect((await api(`${SESSION_COOKIE}=${'a'.repeat(43)}`)).status).toBe(401);
    expect((await api(`${SESSION_COOKIE}=../../etc`)).status).toBe(401);
  });

  it('stores only a hash of the session id', async () => {
    await start();
    const id = cookieFrom(await login(TOKEN)).split('=')[1]!;
    const stored = await rows(k, 'SELECT id_hash FROM dashboard_sessions');
    expect(stored).toEqual([{ id_hash: hashSessionId(id, TOKEN) }]);
    expect(JSON.stringify(stored)).not.toContain(id);
  });

  it('ends the session on sign-out and at expiry', async () => {
    await start({ dashboard: { slaHours: 48, sessionHours: 1 } });
    const a = cookieFrom(await login(TOKEN));
    const b = cookieFrom(await login(TOKEN));
    // As the dashboard sends it: same-origin JSON (a cookie write without Origin is refused, see http-edge tests).
    const out = await k.app.request('/auth/logout', {
      method: 'POST',
      headers: { cookie: a, origin: 'http://localhost', 'content-type': 'application/json' },
    });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(new RegExp(`${SESSION_COOKIE}=;.*Max-Age=0`));
    expect((await api(a)).status).toBe(401);
    expect((await api(b)).status).toBe(200);
    now += 3_600_000;
    expect((await api(b)).status).toBe(401);
    const session = await k.app.request('/auth/session', { headers: { cookie: b } });
    expect(await session.json()).toEqual({ signedIn: false, expiresAt: null, user: null });
    // the next sign-in sweeps expired rows
    await login(TOKEN);
    expect(await count(k, 'dashboard_sessions')).toBe(1);
  });

  it('reports whether the browser is signed in', async () => {
    await start();
    expect(await (await k.app.request('/auth/session')).json()).toEqual({ signedIn: false, expiresAt: null, user: null });
    const cookie = cookieFrom(await login(TOKEN));
    expect(await (await k.app.request('/auth/session', { headers: { cookie } })).json()).toEqual({
      signedIn: true,
      expiresAt: now + 168 * 3_600_000,
      user: null,
    });
  });

  it('slows down guessing: too many failures get a 429 until the window passes', async () => {
    await start();
    for (let i = 0; i < SIGN_IN_THROTTLE.perBrowser; i++) expect((await login(`wrong-${i}`)).status).toBe(401);
    const blocked = await login(TOKEN);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    now += SIGN_IN_THROTTLE.windowMs;
    expect((await login(TOKEN)).status).toBe(200);
  });
});
