import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, leadsPath, onUnauthorized, prefetch, setFetch } from './api.js';

function stubFetch(status: number, body: unknown) {
  const calls: { url: string; init: RequestInit }[] = [];
  setFetch(async (input, init) => {
    calls.push({ url: String(input), init: init ?? {} });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  return calls;
}

afterEach(() => setFetch((i, init) => fetch(i, init)));

describe('api client', () => {
  it('asks for leads with the filters given and nothing empty', async () => {
    const calls = stubFetch(200, { leads: [], nextCursor: null, total: 0 });
    await api.leads({ stage: 'sql', q: 'acme corp', sort: 'score', limit: 50, cursor: null });
    expect(calls[0]!.url).toBe('/api/leads?stage=sql&q=acme+corp&sort=score&limit=50');
    expect(calls[0]!.init.credentials).toBe('same-origin');
  });

  it('posts JSON for dispositions and sign-in', async () => {
    const calls = stubFetch(200, { lead: {} });
    await api.disposition(7, 'accepted');
    await api.disposition(7, 'rejected', 'no budget');
    await api.login('tok');
    expect(calls.map((c) => [c.init.method, c.url, c.init.body])).toEqual([
      ['POST', '/api/leads/7/disposition', '{"disposition":"accepted"}'],
      ['POST', '/api/leads/7/disposition', '{"disposition":"rejected","note":"no budget"}'],
      ['POST', '/auth/login', '{"token":"tok"}'],
    ]);
    expect((calls[0]!.init.headers as Record<string, string>)['content-type']).toBe('application/json');
  });

  it('escapes ids it puts in paths', async () => {
    const calls = stubFetch(200, { attempts: [] });
    await api.attempts('msg_1/../x');
    expect(calls[0]!.url).toBe('/api/webhooks/messages/msg_1%2F..%2Fx/attempts');
  });

  it('turns error answers into ApiError with the server message', async () => {
    stubFetch(409, { error: { code: 'conflict', message: 'already won' } });
    const err = await api.disposition(1, 'won').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 409, code: 'conflict', message: 'already won' });
  });

  it('tells the app about a 401 from the API, but not from a wrong sign-in', async () => {
    const listener = vi.fn();
    const off = onUnauthorized(listener);
    stubFetch(401, { error: { code: 'unauthorized', message: 'no' } });
    await expect(api.leads({})).rejects.toMatchObject({ status: 401 });
    await expect(api.login('wrong')).rejects.toMatchObject({ status: 401 });
    expect(listener).toHaveBeenCalledTimes(1);
    off();
  });

  it('hands a prefetched list to the first caller asking for it, once', async () => {
    const calls = stubFetch(200, { leads: [], nextCursor: null, total: 0 });
    const query = { stage: null, q: null, sort: 'score' as const, limit: 50, cursor: null };
    prefetch(leadsPath(query));
    expect(calls).toHaveLength(1);
    await api.leads(query);
    expect(calls).toHaveLength(1);
    await api.leads(query);
    await api.leads({ ...query, stage: 'sql' });
    expect(calls.map((c) => c.url)).toEqual([
      '/api/leads?sort=score&limit=50',
      '/api/leads?sort=score&limit=50',
      '/api/leads?stage=sql&sort=score&limit=50',
    ]);
  });

  it('does not hand out a prefetched answer that has gone stale', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const calls = stubFetch(200, { leads: [], nextCursor: null, total: 0 });
      prefetch('/api/leads?limit=50');
      vi.setSystemTime(Date.now() + 10_000);
      await api.leads({ limit: 50 });
      expect(calls).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('never hands a prefetched error to the caller, so a sign-in just after loading shows the list', async () => {
    let signedIn = false;
    const calls: string[] = [];
    setFetch(async (input) => {
      const path = String(input);
      calls.push(path);
      if (path === '/auth/login') signedIn = true;
      const ok = signedIn || path.startsWith('/auth/');
      return new Response(
        JSON.stringify(
          ok ? { leads: [{ id: 1 }], nextCursor: null, total: 1, signedIn: true } : { error: { code: 'unauthorized', message: 'no' } },
        ),
        { status: ok ? 200 : 401 },
      );
    });
    const query = { sort: 'score' as const, limit: 50 };
    prefetch(leadsPath(query));
    await new Promise((r) => setTimeout(r, 0));
    await api.login('tok');
    await expect(api.leads(query)).resolves.toMatchObject({ total: 1 });
    expect(calls).toEqual(['/api/leads?sort=score&limit=50', '/auth/login', '/api/leads?sort=score&limit=50']);
  });

  it('drops answers prefetched before a sign-in or sign-out, even successful ones', async () => {
    for (const change of [() => api.login('tok'), () => api.logout()]) {
      const calls = stubFetch(200, { leads: [], nextCursor: null, total: 0 });
      prefetch('/api/leads?limit=50');
      await change();
      await api.leads({ limit: 50 });
      expect(calls.filter((c) => c.url === '/api/leads?limit=50')).toHaveLength(2);
    }
  });

  it('does not sign the page out for a 401 to a request sent before the sign-in', async () => {
    const listener = vi.fn();
    const off = onUnauthorized(listener);
    let answerLeads!: (r: Response) => void;
    setFetch(async (input) =>
      String(input) === '/auth/login' ? new Response('{"signedIn":true}') : new Promise<Response>((resolve) => (answerLeads = resolve)),
    );
    const early = api.funnel();
    await api.login('tok');
    answerLeads(new Response('{"error":{"code":"unauthorized","message":"no"}}', { status: 401 }));
    await expect(early).rejects.toMatchObject({ status: 401 });
    expect(listener).not.toHaveBeenCalled();
    off();
  });

  it('says JSON on every write, with or without a body (the collector refuses other writes)', async () => {
    const calls = stubFetch(200, {});
    await api.logout();
    await api.rescore();
    await api.deleteWebhook('wh_1');
    await api.funnel();
    expect(calls.map((c) => [c.init.method, (c.init.headers as Record<string, string>)['content-type']])).toEqual([
      ['POST', 'application/json'],
      ['POST', 'application/json'],
      ['DELETE', 'application/json'],
      ['GET', undefined],
    ]);
  });

  it('keeps the message of an error answer without the error shape, and survives a body that is not JSON', async () => {
    setFetch(async () => new Response('<html>bad gateway</html>', { status: 502 }));
    await expect(api.funnel()).rejects.toMatchObject({ status: 502, code: 'http', message: 'HTTP 502' });
  });

  it('says so when the collector does not answer', async () => {
    setFetch(async () => {
      throw new TypeError('fetch failed');
    });
    await expect(api.funnel()).rejects.toMatchObject({ status: 0, code: 'network' });
  });
});
