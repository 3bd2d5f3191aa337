import { afterEach, describe, expect, it } from 'vitest';
import { startTestKindling, HUMAN_USER_AGENT, type startTestKindling as Start } from './support/kindling.js';
import { basicAuth, DEMO_WRITE_KEY } from './support/segment.js';
import { count } from './support/query.js';
import { SESSION_COOKIE } from '../collector/dashboard/index.js';
import { BODY_CAPS } from '../collector/app.js';
import { SIGN_IN_THROTTLE, ATTEMPT_COOKIE } from '../collector/dashboard/sign-in-throttle.js';

/**
 * The one HTTP edge (issue 13.2/13.3) and the security of every route (issue 12.10, 12.11, 12.14):
 * walked over the routes the real app has, so a route added later is covered or makes this fail.
 */
type K = Awaited<ReturnType<typeof Start>>;
let k: K;
afterEach(async () => k?.cleanup());

const bearer = () => ({ authorization: `Bearer ${k.adminToken}` });
const SOCKET = { incoming: { socket: { remoteAddress: '203.0.113.9', remotePort: 40000, remoteFamily: 'IPv4' } } };

/** Headers each body-taking route needs to get as far as reading the body. */
function bodyRoutes(): Record<string, { path: string; headers: Record<string, string> }> {
  const json = { 'content-type': 'application/json' };
  const api = { ...json, ...bearer() };
  const segment = { ...json, authorization: basicAuth(DEMO_WRITE_KEY) };
  const routes: Record<string, { path: string; headers: Record<string, string> }> = {
    'POST /e': { path: '/e', headers: { 'content-type': 'text/plain', origin: 'http://localhost:3000', 'user-agent': HUMAN_USER_AGENT } },
    'POST /api/leads/:id/disposition': { path: '/api/leads/1/disposition', headers: api },
    'POST /api/webhooks': { path: '/api/webhooks', headers: api },
    'PATCH /api/webhooks/:id': { path: '/api/webhooks/1', headers: api },
    'POST /api/backtest': { path: '/api/backtest', headers: api },
    'POST /api/outcomes': { path: '/api/outcomes', headers: api },
    'POST /api/outcomes/csv': { path: '/api/outcomes/csv', headers: api },
    'PUT /api/spend': { path: '/api/spend', headers: api },
    'POST /api/spend.csv': { path: '/api/spend.csv', headers: api },
    'PUT /api/me/alerts': { path: '/api/me/alerts', headers: api },
    'POST /api/me/password': { path: '/api/me/password', headers: api },
    'POST /auth/password/forgot': { path: '/auth/password/forgot', headers: json },
    'POST /auth/password/reset': { path: '/auth/password/reset', headers: json },
    'POST /api/leads/:id/owner': { path: '/api/leads/1/owner', headers: api },
    'POST /auth/login': { path: '/auth/login', headers: json },
    'POST /api/users': { path: '/api/users', headers: api },
    'PATCH /api/users/:id': { path: '/api/users/1', headers: api },
    'POST /api/keys': { path: '/api/keys', headers: api },
    'POST /auth/setup': { path: '/auth/setup', headers: json },
    'POST /auth/invite/accept': { path: '/auth/invite/accept', headers: json },
    'POST /auth/links/check': { path: '/auth/links/check', headers: json },
    'POST /auth/magic': { path: '/auth/magic', headers: json },
    'POST /auth/magic/redeem': { path: '/auth/magic/redeem', headers: json },
  };
  for (const route of ['batch', 'track', 'page', 'identify', 'group', 'alias'])
    routes[`POST /v1/${route}`] = { path: `/v1/${route}`, headers: segment };
  return routes;
}
/** Writes that take no body (their input is the path) and the demo site's forms (answered without reading it). */
const BODYLESS = [
  'POST /api/leads/:id/erase',
  'POST /api/rescore',
  'DELETE /api/webhooks/:id',
  'DELETE /api/users/:id',
  'DELETE /api/keys/:id',
  'POST /api/webhooks/:id/test',
  'POST /api/webhooks/messages/:msgId/redeliver',
  'POST /auth/logout',
  'POST /demo/*',
];

const writeRoutes = () => [
  ...new Set(k.app.routes.filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method)).map((r) => `${r.method} ${r.path}`)),
];

async function expectErrorShape(
  res: Response,
  status: number,
  code?: string,
): Promise<{ code: string; message: string; details: unknown[] }> {
  const body = (await res.json()) as { error: { code: string; message: string; details: unknown[] } };
  expect(res.status, JSON.stringify(body)).toBe(status);
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'details', 'message']);
  expect(typeof body.error.message).toBe('string');
  expect(Array.isArray(body.error.details)).toBe(true);
  if (code) expect(body.error.code).toBe(code);
  return body.error;
}

describe('every route, one edge', () => {
  it('knows every write route of the app (a new one must be added here)', async () => {
    k = await startTestKindling();
    expect(writeRoutes().sort()).toEqual([...Object.keys(bodyRoutes()), ...BODYLESS].sort());
  });

  it('answers a body that is not JSON, and one that breaks the schema, with the one 400 shape', async () => {
    k = await startTestKindling();
    for (const [i, [route, { path, headers }]] of Object.entries(bodyRoutes()).entries()) {
      const method = route.split(' ')[0]!;
      // Each route from its own address: the sign-in throttle counts malformed bodies across the /auth routes.
      const socket = { incoming: { socket: { ...SOCKET.incoming.socket, remoteAddress: `203.0.113.${20 + i}` } } };
      const notJson = await k.app.request(path, { method, headers, body: '{"broken' }, socket);
      expect((await expectErrorShape(notJson, 400, 'bad_request')).message, route).toMatch(/not valid JSON/);
      const wrongShape = await k.app.request(path, { method, headers, body: JSON.stringify({ unexpected: [1, 2, 3] }) }, socket);
      await expectErrorShape(wrongShape, 400, 'bad_request');
    }
  });

  it('caps every body before reading it: 413 in the one shape', async () => {
    k = await startTestKindling();
    // Past the largest cap of the table (the CRM outcome import's), so every route refuses it.
    const huge = JSON.stringify({ pad: 'x'.repeat(Math.max(600 * 1024, ...BODY_CAPS.map((r) => r.maxBytes)) + 1024) });
    for (const [route, { path, headers }] of Object.entries(bodyRoutes())) {
      const res = await k.app.request(path, { method: route.split(' ')[0]!, headers, body: huge }, SOCKET);
      await expectErrorShape(res, 413, 'payload_too_large');
    }
  });

  it('guards every /api route in one place: 401 in the one shape without credentials', async () => {
    k = await startTestKindling();
    const apiRoutes = k.app.routes.filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL');
    expect(apiRoutes.length).toBeGreaterThan(15);
    for (const r of apiRoutes) {
      const path = r.path.replace(':id', '1').replace(':msgId', 'msg_x').replace(':domain', 'acme.io');
      await expectErrorShape(
        await k.app.request(
          path,
          { method: r.method, headers: { 'content-type': 'application/json' }, body: r.method === 'GET' ? undefined : '{}' },
          SOCKET,
        ),
        401,
        'unauthorized',
      );
    }
  });

  it('keeps the shape for the other errors too (404, 415, 401 of Segment)', async () => {
    k = await startTestKindling();
    await expectErrorShape(await k.app.request('/no/such/route'), 404, 'not_found');
    await expectErrorShape(
      await k.app.request('/e', { method: 'POST', headers: { 'content-type': 'text/html' }, body: '{}' }, SOCKET),
      415,
      'unsupported_media_type',
    );
    await expectErrorShape(
      await k.app.request('/v1/track', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }, SOCKET),
      401,
      'unauthorized',
    );
  });
});

describe('CSRF: writes that ride the session cookie', () => {
  async function signIn(): Promise<string> {
    const res = await k.app.request(
      '/auth/login',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: k.adminToken }) },
      SOCKET,
    );
    return res.headers.get('set-cookie')!.split(';')[0]!;
  }
  const endpoints = () => count(k, 'webhook_endpoints');
  const addWebhook = (headers: Record<string, string>) =>
    k.app.request('/api/webhooks', { method: 'POST', headers, body: JSON.stringify({ url: 'https://hooks.example.com/steal' }) }, SOCKET);

  it('refuses a sibling subdomain, another port, Sec-Fetch-Site other than same-origin, a missing Origin, and text/plain; changes nothing', async () => {
    k = await startTestKindling();
    const cookie = await signIn();
    const before = await endpoints();
    const json = { cookie, 'content-type': 'application/json' };
    for (const [headers, status] of [
      [{ ...json, origin: 'http://evil.localhost' }, 403],
      [{ ...json, origin: 'http://localhost:9999' }, 403],
      [{ ...json, origin: 'null' }, 403],
      [{ ...json, origin: 'http://localhost', 'sec-fetch-site': 'same-site' }, 403],
      [{ ...json, 'sec-fetch-site': 'cross-site' }, 403],
      [json, 403],
      [{ cookie, 'content-type': 'text/plain', origin: 'http://localhost' }, 415],
      [{ cookie, origin: 'http://localhost' }, 415],
    ] as [Record<string, string>, number][]) {
      await expectErrorShape(await addWebhook(headers), status);
    }
    // A disposition and an erasure through the same door are refused too.
    for (const path of ['/api/leads/1/disposition', '/api/leads/1/erase', '/api/rescore', '/auth/logout']) {
      const res = await k.app.request(
        path,
        {
          method: 'POST',
          headers: { cookie, 'content-type': 'text/plain', origin: 'http://app.localhost' },
          body: '{"disposition":"won"}',
        },
        SOCKET,
      );
      expect(res.status, path).toBe(415);
    }
    expect(await endpoints()).toBe(before);
    // The session still works: signing out was refused.
    expect((await k.app.request('/api/sites', { headers: { cookie } }, SOCKET)).status).toBe(200);
  });

  it('accepts the dashboard itself (same origin, JSON), and the public URL as origin', async () => {
    k = await startTestKindling({}, { env: { KINDLING_PUBLIC_URL: 'https://kindling.example.com' } });
    const cookie = await signIn();
    const before = await endpoints();
    expect(
      (await addWebhook({ cookie, 'content-type': 'application/json', origin: 'http://localhost', 'sec-fetch-site': 'same-origin' }))
        .status,
    ).toBe(201);
    expect(
      (await addWebhook({ cookie, 'content-type': 'application/json; charset=utf-8', origin: 'https://kindling.example.com' })).status,
    ).toBe(201);
    expect(await endpoints()).toBe(before + 2);
  });

  it('lets Bearer-token automation write without Origin or Sec-Fetch-Site, even with a stale cookie', async () => {
    k = await startTestKindling();
    const before = await endpoints();
    expect((await addWebhook({ ...bearer(), 'content-type': 'application/json' })).status).toBe(201);
    expect(
      (await addWebhook({ ...bearer(), 'content-type': 'application/json', cookie: `${SESSION_COOKIE}=${'a'.repeat(43)}` })).status,
    ).toBe(201);
    expect(await endpoints()).toBe(before + 2);
  });
});

describe('sign-in throttle', () => {
  const login = (token: string, headers: Record<string, string> = {}, body?: string) =>
    k.app.request(
      '/auth/login',
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: body ?? JSON.stringify({ token }) },
      SOCKET,
    );
  const attemptCookie = (res: Response) => res.headers.get('set-cookie')!.split(';')[0]!;

  it("one browser's typos lock out that browser, not its neighbours behind the same address", async () => {
    k = await startTestKindling();
    const first = await login('wrong-token-0');
    expect(first.status).toBe(401);
    const mine = { cookie: attemptCookie(first) };
    expect(mine.cookie.startsWith(`${ATTEMPT_COOKIE}=`)).toBe(true);
    for (let i = 0; i < SIGN_IN_THROTTLE.perBrowser; i++) expect((await login(`wrong-token-${i}`, mine)).status).toBe(401);
    expect((await login(k.adminToken, mine)).status).toBe(429);
    // A colleague's browser at the same address signs in.
    const colleague = { cookie: attemptCookie(await login('typo-of-colleague')) };
    expect((await login(k.adminToken, colleague)).status).toBe(200);
  });

  it('counts malformed bodies as failures', async () => {
    k = await startTestKindling();
    const first = await login('', {}, '{"tok');
    expect(first.status).toBe(400);
    const mine = { cookie: attemptCookie(first) };
    for (let i = 0; i < SIGN_IN_THROTTLE.perBrowser; i++) expect((await login('', mine, '[]')).status).toBe(400);
    expect((await login(k.adminToken, mine)).status).toBe(429);
  });

  it('stops someone guessing from many cookie jars at the per-address ceiling', async () => {
    k = await startTestKindling();
    for (let i = 0; i < SIGN_IN_THROTTLE.perAddress; i++) {
      const res = await login(`guess-${i}`, { cookie: `${ATTEMPT_COOKIE}=${String(i).padStart(22, 'j')}` });
      expect(res.status).toBe(401);
    }
    expect((await login(k.adminToken, { cookie: `${ATTEMPT_COOKIE}=${'f'.repeat(22)}` })).status).toBe(429);
  });
});

describe('rotating KINDLING_ADMIN_TOKEN', () => {
  it('ends the sessions of the old token; a restart with the same token keeps them', async () => {
    const first = await startTestKindling({}, { env: { KINDLING_ADMIN_TOKEN: 'kt_first_token_0123456789' } });
    const res = await first.app.request(
      '/auth/login',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: 'kt_first_token_0123456789' }) },
      SOCKET,
    );
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    expect((await first.app.request('/api/sites', { headers: { cookie } }, SOCKET)).status).toBe(200);
    await first.close();

    const same = await startTestKindling({}, { storeOf: first, env: { KINDLING_ADMIN_TOKEN: 'kt_first_token_0123456789' } });
    expect((await same.app.request('/api/sites', { headers: { cookie } }, SOCKET)).status).toBe(200);
    await same.cleanup();

    k = await startTestKindling({}, { storeOf: first, env: { KINDLING_ADMIN_TOKEN: 'kt_second_token_0123456789' } });
    await expectErrorShape(await k.app.request('/api/sites', { headers: { cookie } }, SOCKET), 401, 'unauthorized');
    const session = await k.app.request('/auth/session', { headers: { cookie } }, SOCKET);
    expect(await session.json()).toEqual({ signedIn: false, expiresAt: null, user: null });
    // The restarts first: the first kit's cleanup removes the store they share.
    await k.cleanup();
    await first.cleanup();
  });
});
