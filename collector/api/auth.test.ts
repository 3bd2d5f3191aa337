import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { errorResponse } from '../errors.js';
import { authenticate, type AuthEnv } from './auth.js';
import { principalOf, actorOf } from './principal.js';

const TOKEN = 'kt_test-admin-token';
const KEY = 'kk_test-key';

function app() {
  const a = new Hono<AuthEnv>();
  a.onError((err, c) => errorResponse(err, c));
  a.use(
    '*',
    authenticate({
      adminToken: TOKEN,
      keyCheck: async (bearer) => (bearer === KEY ? { kind: 'key', id: 4, scopes: ['leads:read'], name: 'CRM' } : null),
      sessionCheck: async (cookie) => {
        if (cookie === 'kindling_session=ann')
          return { expiresAt: 1, user: { id: 2, email: 'ann@example.com', name: 'Ann', role: 'sales' } };
        if (cookie === 'kindling_session=tok') return { expiresAt: 1, user: null };
        return null;
      },
    }),
  );
  a.get('/who', (c) => c.json({ auth: c.get('auth'), principal: principalOf(c), actor: actorOf(principalOf(c)) }));
  return a;
}

const who = async (headers: Record<string, string>) => {
  const res = await app().request('/who', { headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('authenticate: who is acting on a request', () => {
  it('the admin token as Bearer is the token principal', async () => {
    expect(await who({ authorization: `Bearer ${TOKEN}` })).toEqual({
      status: 200,
      body: { auth: 'token', principal: { kind: 'token' }, actor: { kind: 'token', id: null, label: 'admin token' } },
    });
  });

  it('an API key as Bearer is the key with its scopes', async () => {
    expect(await who({ authorization: `Bearer ${KEY}` })).toEqual({
      status: 200,
      body: {
        auth: 'token',
        principal: { kind: 'key', id: 4, scopes: ['leads:read'], name: 'CRM' },
        actor: { kind: 'key', id: 4, label: 'CRM' },
      },
    });
  });

  it("a user's session is that user with the role the row has now; an admin-token session is the token", async () => {
    expect((await who({ cookie: 'kindling_session=ann' })).body).toMatchObject({
      auth: 'session',
      principal: { kind: 'user', id: 2, role: 'sales', email: 'ann@example.com' },
      actor: { kind: 'user', id: 2, label: 'ann@example.com' },
    });
    expect((await who({ cookie: 'kindling_session=tok' })).body).toMatchObject({ auth: 'session', principal: { kind: 'token' } });
  });

  it('anything else is a 401 in the one error shape', async () => {
    const cases: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong' },
      { cookie: 'kindling_session=gone' },
      { authorization: 'Basic x' },
    ];
    for (const headers of cases) {
      const { status, body } = await who(headers);
      expect(status).toBe(401);
      expect(body).toMatchObject({ error: { code: 'unauthorized' } });
    }
  });
});
