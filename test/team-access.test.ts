import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestKindling } from './support/kindling.js';
import { events } from './support/engine.js';
import { addKey, addUser, BROWSER_WRITE, signInAs, TEST_PASSWORD } from './support/team.js';
import { ACCESS, type RouteAccess } from '../collector/api/access.js';
import { SESSION_COOKIE } from '../collector/dashboard/index.js';
import { ROLES, type Role, type Scope } from '../collector/store/port/team.js';

/**
 * Walks the access table (collector/api/access.ts): every route, called by every role and by keys
 * of each scope, answers 2xx where the table allows it and 403 where it does not. Each allowed call
 * gets its own fresh target (a lead to erase, a user to remove …), so every 2xx is a real success.
 */
type K = Awaited<ReturnType<typeof startTestKindling>>;
let k: K;
let seq = 0;
const bearer = () => ({ authorization: `Bearer ${k.adminToken}` });

async function asAdmin(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await k.app.request(path, {
    method,
    headers: { ...bearer(), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status, `${method} ${path}`).toBeLessThan(300);
  return (await res.json()) as Record<string, unknown>;
}
async function newLead(): Promise<number> {
  const email = `lead${++seq}@acme.io`;
  await k.writer.write([events.identify(`v-${seq}`, Date.now(), email)]);
  const { leads } = (await asAdmin('GET', `/api/leads?q=${email}`)) as { leads: { id: number }[] };
  return leads[0]!.id;
}
async function newEndpoint(): Promise<number> {
  return ((await asAdmin('POST', '/api/webhooks', { url: `http://127.0.0.1:9/hook-${++seq}` })).endpoint as { id: number }).id;
}
async function newMessage(): Promise<string> {
  return (await asAdmin('POST', `/api/webhooks/${await newEndpoint()}/test`)).messageId as string;
}

/** Each route's request, with whatever it needs made fresh. */
const SAMPLES: Record<string, () => Promise<{ path: string; body?: unknown }>> = {
  'GET /api/me': async () => ({ path: '/api/me' }),
  'GET /api/dashboard': async () => ({ path: '/api/dashboard' }),
  'GET /api/live': async () => ({ path: '/api/live' }),
  'GET /api/leads': async () => ({ path: '/api/leads' }),
  'GET /api/leads/:id': async () => ({ path: `/api/leads/${await newLead()}` }),
  'POST /api/leads/:id/disposition': async () => ({
    path: `/api/leads/${await newLead()}/disposition`,
    body: { disposition: 'accepted', note: 'fits' },
  }),
  'POST /api/leads/:id/erase': async () => ({ path: `/api/leads/${await newLead()}/erase` }),
  'GET /api/companies': async () => ({ path: '/api/companies' }),
  'GET /api/companies/:domain': async () => (await newLead(), { path: '/api/companies/acme.io' }),
  'GET /api/funnel': async () => ({ path: '/api/funnel' }),
  'GET /api/funnel.csv': async () => ({ path: '/api/funnel.csv?from=2025-01-01&to=2025-03-31&mode=cohort' }),
  'GET /api/leads.csv': async () => ({ path: '/api/leads.csv' }),
  'GET /api/companies.csv': async () => ({ path: '/api/companies.csv' }),
  'GET /api/leads/:id/export': async () => ({ path: `/api/leads/${await newLead()}/export` }),
  'GET /api/accounts': async () => ({ path: '/api/accounts' }),
  'GET /api/accounts/:key': async () => (await newLead(), { path: '/api/accounts/d:acme.io' }),
  'GET /api/rules': async () => ({ path: '/api/rules' }),
  'POST /api/rescore': async () => ({ path: '/api/rescore' }),
  'POST /api/backtest': async () => ({ path: '/api/backtest', body: {} }),
  'POST /api/outcomes': async () => ({
    path: '/api/outcomes',
    body: { rows: [{ crm: 'hubspot', email: `lead${seq}@acme.io`, outcome: 'opportunity', date: '2026-04-01' }] },
  }),
  'POST /api/outcomes/csv': async () => ({
    path: '/api/outcomes/csv',
    body: { crm: 'generic', csv: 'email,outcome,date\nx@acme.io,won,2026-04-01\n' },
  }),
  'GET /api/review': async () => ({ path: '/api/review?quarter=2026Q3' }),
  'GET /api/spend': async () => ({ path: '/api/spend?from=2026-01&to=2026-12' }),
  'PUT /api/spend': async () => ({
    path: '/api/spend',
    body: { rows: [{ month: '2026-07', channel: 'email', amount: 10, currency: 'EUR' }] },
  }),
  'POST /api/spend.csv': async () => ({
    path: '/api/spend.csv',
    body: { csv: 'month,channel,campaign,amount,currency\n2026-07,,spring,5,EUR\n' },
  }),
  'GET /api/sites': async () => ({ path: '/api/sites' }),
  'GET /api/webhooks': async () => ({ path: '/api/webhooks' }),
  'POST /api/webhooks': async () => ({ path: '/api/webhooks', body: { url: `http://127.0.0.1:9/new-${++seq}` } }),
  'PATCH /api/webhooks/:id': async () => ({ path: `/api/webhooks/${await newEndpoint()}`, body: { enabled: false } }),
  'DELETE /api/webhooks/:id': async () => ({ path: `/api/webhooks/${await newEndpoint()}` }),
  'GET /api/webhooks/:id/messages': async () => ({ path: `/api/webhooks/${await newEndpoint()}/messages` }),
  'POST /api/webhooks/:id/test': async () => ({ path: `/api/webhooks/${await newEndpoint()}/test` }),
  'GET /api/webhooks/messages/:msgId': async () => ({ path: `/api/webhooks/messages/${await newMessage()}` }),
  'GET /api/webhooks/messages/:msgId/attempts': async () => ({ path: `/api/webhooks/messages/${await newMessage()}/attempts` }),
  'POST /api/webhooks/messages/:msgId/redeliver': async () => ({ path: `/api/webhooks/messages/${await newMessage()}/redeliver` }),
  'GET /api/users': async () => ({ path: '/api/users' }),
  'POST /api/users': async () => ({ path: '/api/users', body: { email: `new${++seq}@example.com`, name: 'New', role: 'sales' } }),
  'PATCH /api/users/:id': async () => ({
    path: `/api/users/${await addUser(k, `patch${++seq}@example.com`, 'sales', 'x'.repeat(12))}`,
    body: { available: false },
  }),
  'DELETE /api/users/:id': async () => ({ path: `/api/users/${await addUser(k, `gone${++seq}@example.com`, 'sales', 'x'.repeat(12))}` }),
  'GET /api/keys': async () => ({ path: '/api/keys' }),
  'POST /api/keys': async () => ({ path: '/api/keys', body: { name: `k${++seq}`, scopes: ['leads:read'] } }),
  'DELETE /api/keys/:id': async () => ({ path: `/api/keys/${(await addKey(k, `gone${++seq}`, ['leads:read'])).id}` }),
  'GET /api/audit': async () => ({ path: '/api/audit' }),
  'POST /api/leads/:id/owner': async () => ({ path: `/api/leads/${await newLead()}/owner`, body: { userId: null } }),
  'GET /api/leads/:id/owner-history': async () => ({ path: `/api/leads/${await newLead()}/owner-history` }),
  'GET /api/owners': async () => ({ path: '/api/owners' }),
  'GET /api/me/alerts': async () => ({ path: '/api/me/alerts' }),
  'PUT /api/me/alerts': async () => ({
    path: '/api/me/alerts',
    body: { email: false, slackWebhookUrl: null, events: ['lead.entered_sql'], digest: false },
  }),
  // The same password again: the policy allows it, and the walk's callers keep theirs.
  'POST /api/me/password': async () => ({ path: '/api/me/password', body: { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD } }),
};
/** A user's own settings: an API key allowed to call them has no settings of its own, and is told so (400, not 2xx). */
const USER_ONLY = new Set(['GET /api/me/alerts', 'PUT /api/me/alerts', 'POST /api/me/password']);

type Caller = {
  name: string;
  headers: () => Record<string, string>;
  may: (row: RouteAccess) => boolean;
  /** A password change ends the user's sessions and rotates this browser's: follow the new cookie. */
  renew?: (res: Response) => void;
};
const callers: Caller[] = [];

beforeAll(async () => {
  k = await startTestKindling({ webhooks: { allowPrivateTargets: 'loopback' } as never });
  for (const role of ROLES) {
    await addUser(k, `${role}@example.com`, role);
    let cookie = await signInAs(k, `${role}@example.com`);
    callers.push({
      name: `role ${role}`,
      headers: () => ({ cookie, ...BROWSER_WRITE }),
      may: (row) => row.roles.includes(role as Role),
      renew: (res) => {
        const set = res.headers.get('set-cookie')?.split(';')[0];
        if (set?.startsWith(`${SESSION_COOKIE}=`)) cookie = set;
      },
    });
  }
  const scopes: Scope[][] = [['leads:read'], ['outcomes:write'], ['ingest'], ['admin'], ['leads:read', 'outcomes:write']];
  for (const s of scopes) {
    const { secret } = await addKey(k, `key ${s.join('+')}`, s);
    callers.push({
      name: `key ${s.join('+')}`,
      headers: () => ({ authorization: `Bearer ${secret}`, 'content-type': 'application/json' }),
      may: (row) => s.includes('admin') || (row.scope !== null && s.includes(row.scope)),
    });
  }
}, 60_000);
afterAll(async () => {
  k.closeStreams();
  await k.cleanup();
});

describe('the access table', () => {
  it('lists every mounted /api route, and only those', () => {
    const mounted = new Set(
      k.app.routes.filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL').map((r) => `${r.method} ${r.path}`),
    );
    expect([...mounted].sort()).toEqual(ACCESS.map((a) => a.route).sort());
    expect(Object.keys(SAMPLES).sort()).toEqual(ACCESS.map((a) => a.route).sort());
  });

  it('each role and each key scope gets 2xx where the table allows it and 403 where not', async () => {
    const outcomes: string[] = [];
    for (const row of ACCESS) {
      const method = row.route.split(' ')[0]!;
      for (const caller of callers) {
        const { path, body } = await SAMPLES[row.route]!();
        const res = await k.app.request(path, {
          method,
          headers: caller.headers(),
          body: body === undefined ? (method === 'GET' ? undefined : '{}') : JSON.stringify(body),
        });
        await res.body?.cancel();
        caller.renew?.(res);
        const expected = caller.may(row) ? (USER_ONLY.has(row.route) && caller.name.startsWith('key') ? '400' : '2xx') : '403';
        const got = res.status >= 200 && res.status < 300 ? '2xx' : String(res.status);
        outcomes.push(`${row.route} by ${caller.name}: ${got}${got === expected ? '' : ` (expected ${expected})`}`);
      }
    }
    expect(outcomes.filter((o) => o.includes('expected'))).toEqual([]);
    // The walk did walk: every route was allowed to someone and refused to someone (the admin key is allowed everything).
    expect(outcomes.filter((o) => o.endsWith(': 403')).length).toBeGreaterThan(ACCESS.length);
  }, 120_000);
});
