import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verify } from '../signature/index.js';
import { emit, manualTime, openKindling, stageChanged, startReceiver, type Receiver } from '../../../test/support/alerts.js';
import type { TestKindling } from '../../../test/support/kindling.js';

let kindling: TestKindling;
let r: Receiver;
let time: ReturnType<typeof manualTime>;

beforeEach(async () => {
  r = await startReceiver();
  time = manualTime();
  ({ kindling } = await openKindling({ time, webhooks: { endpoints: [{ url: `${r.url}/from-config` }] } }));
});
afterEach(async () => {
  await kindling.cleanup();
  await r.close();
});

function api(method: string, path: string, body?: unknown, token: string | null = kindling.adminToken) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  return kindling.app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}
async function json(res: Response | Promise<Response>, status = 200) {
  const response = await res;
  const body = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(status);
  return body;
}

describe('webhooks admin API', () => {
  it('needs the admin token', async () => {
    for (const [method, path] of [
      ['GET', '/api/webhooks'],
      ['POST', '/api/webhooks'],
      ['PATCH', '/api/webhooks/1'],
      ['DELETE', '/api/webhooks/1'],
      ['GET', '/api/webhooks/1/messages'],
      ['GET', '/api/webhooks/messages/msg_x/attempts'],
      ['POST', '/api/webhooks/1/test'],
      ['POST', '/api/webhooks/messages/msg_x/redeliver'],
    ] as const) {
      expect((await json(api(method, path, undefined, null), 401)).error.code).toBe('unauthorized');
      expect((await api(method, path, undefined, 'kt_wrong-token-of-some-length')).status).toBe(401);
    }
  });

  it('creates an endpoint, shows the secret once, lists it without the secret', async () => {
    const created = await json(
      api('POST', '/api/webhooks', { url: r.url, format: 'slack', events: ['lead.entered_mql', 'lead.entered_sql'] }),
      201,
    );
    expect(created.secret).toMatch(/^whsec_/);
    expect(created.endpoint).toMatchObject({
      id: 2,
      url: r.url,
      format: 'slack',
      events: ['lead.entered_mql', 'lead.entered_sql'],
      enabled: true,
      disabledReason: null,
      source: 'api',
    });
    const list = await json(api('GET', '/api/webhooks'));
    expect(list.endpoints.map((e: { id: number; source: string }) => [e.id, e.source])).toEqual([
      [1, 'config'],
      [2, 'api'],
    ]);
    expect(JSON.stringify(list)).not.toContain('whsec_');
    // The secret it returned is the one that signs.
    await emit(kindling, stageChanged(1, 'lead', 'mql', time.clock()));
    await r.waitFor(1);
    expect(verify(created.secret, r.received[0]!.headers as Record<string, string>, r.received[0]!.body, { nowMs: time.clock() })).toMatch(
      /^msg_/,
    );
  });

  it('keeps a given secret, defaults to entered SQL in json', async () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const created = await json(api('POST', '/api/webhooks', { url: r.url, secret }), 201);
    expect(created).toMatchObject({ secret, endpoint: { format: 'json', events: ['lead.entered_sql'] } });
  });

  it.each([
    [{ url: 'ftp://x.example/' }, /url/],
    [{ url: 'http://10.1.2.3/hook' }, /refused private address 10\.1\.2\.3/],
    [{ url: 'http://169.254.169.254/' }, /refused link-local/],
    [{ url: 'https://ok.example/', secret: 'whsec_tooshort' }, /secret/],
    [{ url: 'https://ok.example/', events: [] }, /events/],
    [{ url: 'https://ok.example/', events: ['lead.hot'] }, /events/],
    [{ url: 'https://ok.example/', format: 'xml' }, /format/],
    [{ url: 'https://ok.example/', extra: 1 }, /extra|unrecognized/i],
  ])('refuses %j with a 400', async (input, pattern) => {
    const body = await json(api('POST', '/api/webhooks', input), 400);
    expect(JSON.stringify(body.error)).toMatch(pattern);
  });

  it('refuses a body that is not JSON or too large', async () => {
    const bad = await kindling.app.request('/api/webhooks', {
      method: 'POST',
      headers: { authorization: `Bearer ${kindling.adminToken}`, 'content-type': 'application/json' },
      body: '{',
    });
    expect(bad.status).toBe(400);
    expect((await api('POST', '/api/webhooks', { url: `https://x.example/${'a'.repeat(20_000)}` })).status).toBe(413);
  });

  it('updates, rotates the secret, disables and re-enables, deletes', async () => {
    const { endpoint, secret } = await json(api('POST', '/api/webhooks', { url: r.url }), 201);
    const id = endpoint.id;
    expect(
      (await json(api('PATCH', `/api/webhooks/${id}`, { events: ['lead.entered_near_sql'], format: 'slack' }))).endpoint,
    ).toMatchObject({ events: ['lead.entered_near_sql'], format: 'slack' });
    const rotated = await json(api('PATCH', `/api/webhooks/${id}`, { rotateSecret: true }));
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(secret);
    expect((await json(api('PATCH', `/api/webhooks/${id}`, { enabled: false }))).endpoint).toMatchObject({
      enabled: false,
      disabledReason: 'disabled by an admin',
    });
    expect((await json(api('PATCH', `/api/webhooks/${id}`, { enabled: true }))).endpoint).toMatchObject({
      enabled: true,
      disabledReason: null,
    });
    await json(api('PATCH', `/api/webhooks/${id}`, {}), 400);
    await json(api('PATCH', `/api/webhooks/${id}`, { url: 'http://192.168.0.1/' }), 400);
    await json(api('PATCH', '/api/webhooks/999', { enabled: false }), 404);
    expect(await json(api('DELETE', `/api/webhooks/${id}`))).toEqual({ deleted: true });
    await json(api('DELETE', `/api/webhooks/${id}`), 404);
    await json(api('DELETE', '/api/webhooks/abc'), 400);
  });

  it('leaves config endpoints to the file, except enabling and disabling', async () => {
    expect((await json(api('PATCH', '/api/webhooks/1', { events: ['lead.entered_mql'] }), 409)).error.message).toMatch(
      /configuration file/,
    );
    await json(api('PATCH', '/api/webhooks/1', { rotateSecret: true }), 409);
    await json(api('DELETE', '/api/webhooks/1'), 409);
    expect((await json(api('PATCH', '/api/webhooks/1', { enabled: false }))).endpoint.enabled).toBe(false);
  });

  it('lists messages and their attempts, newest first, with a cursor', async () => {
    r.reply = (req) => (JSON.parse(req.body).lead.id === 2 ? { status: 500, body: 'boom' } : { status: 200 });
    for (const lead of [1, 2, 3]) {
      await emit(kindling, stageChanged(lead, 'near_sql', 'sql', time.clock()));
      await kindling.alerts.sender.settled();
      time.advance(1000);
    }
    const all = await json(api('GET', '/api/webhooks/1/messages'));
    expect(all.messages.map((m: { leadId: number; status: string; attempts: number }) => [m.leadId, m.status, m.attempts])).toEqual([
      [3, 'delivered', 1],
      [2, 'pending', 1],
      [1, 'delivered', 1],
    ]);
    expect(all.messages[1]).toMatchObject({
      type: 'lead.entered_sql',
      lastError: 'HTTP 500: boom',
      nextAttemptAt: time.clock() - 2000 + 5000,
    });
    const page1 = await json(api('GET', '/api/webhooks/1/messages?limit=2'));
    expect(page1.messages).toHaveLength(2);
    const page2 = await json(api('GET', `/api/webhooks/1/messages?limit=2&cursor=${encodeURIComponent(page1.nextCursor)}`));
    expect(page2).toEqual({ messages: [all.messages[2]], nextCursor: null });
    expect((await json(api('GET', '/api/webhooks/1/messages?status=pending'))).messages).toHaveLength(1);
    await json(api('GET', '/api/webhooks/1/messages?cursor=nope'), 400);
    await json(api('GET', '/api/webhooks/9/messages'), 404);

    const attempts = await json(api('GET', `/api/webhooks/messages/${all.messages[1].id}/attempts`));
    expect(attempts.attempts).toEqual([{ at: expect.any(Number), status: 500, latencyMs: expect.any(Number), error: 'HTTP 500: boom' }]);
    const one = await json(api('GET', `/api/webhooks/messages/${all.messages[1].id}`));
    expect(JSON.parse(one.message.body)).toMatchObject({ id: all.messages[1].id, lead: { id: 2 } });
    await json(api('GET', '/api/webhooks/messages/msg_unknown/attempts'), 404);
    await json(api('GET', '/api/webhooks/messages/not-an-id/attempts'), 400);
  });

  it('test-sends a signed webhook.test message and logs it', async () => {
    const result = await json(api('POST', '/api/webhooks/1/test'));
    expect(result).toMatchObject({ delivered: true, status: 200, error: null, messageId: expect.stringMatching(/^msg_/) });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(JSON.parse(r.received[0]!.body)).toMatchObject({ type: 'webhook.test', id: result.messageId });
    expect(r.received[0]!.headers['webhook-id']).toBe(result.messageId);
    const log = await json(api('GET', '/api/webhooks/1/messages'));
    expect(log.messages[0]).toMatchObject({ id: result.messageId, type: 'webhook.test', status: 'delivered', attempts: 1 });
    r.reply = () => ({ status: 404, body: 'no_service' });
    expect(await json(api('POST', '/api/webhooks/1/test'))).toMatchObject({ delivered: false, status: 404, error: 'HTTP 404: no_service' });
    await json(api('POST', '/api/webhooks/77/test'), 404);
  });

  it('redelivers a failed message under the same id', async () => {
    r.reply = () => ({ status: 400, body: 'invalid_payload' });
    await emit(kindling, stageChanged(1, 'near_sql', 'sql', time.clock()));
    await kindling.alerts.sender.settled();
    const [message] = (await json(api('GET', '/api/webhooks/1/messages'))).messages;
    expect(message).toMatchObject({ status: 'failed', attempts: 1 });
    r.reply = () => ({ status: 200 });
    expect(await json(api('POST', `/api/webhooks/messages/${message.id}/redeliver`), 202)).toEqual({ queued: true });
    await r.waitFor(2);
    await kindling.alerts.sender.settled();
    expect(r.received.map((q) => q.headers['webhook-id'])).toEqual([message.id, message.id]);
    expect((await json(api('GET', '/api/webhooks/1/messages'))).messages[0]).toMatchObject({
      id: message.id,
      status: 'delivered',
      attempts: 2,
      lastError: null,
    });
    await json(api('POST', '/api/webhooks/messages/msg_nope/redeliver'), 404);
    // A pending message is already on its way; a disabled endpoint must be enabled first.
    r.reply = () => ({ status: 503 });
    await emit(kindling, stageChanged(2, 'near_sql', 'sql', time.clock()));
    await kindling.alerts.sender.settled();
    const pending = (await json(api('GET', '/api/webhooks/1/messages?status=pending'))).messages[0];
    await json(api('POST', `/api/webhooks/messages/${pending.id}/redeliver`), 409);
    await json(api('PATCH', '/api/webhooks/1', { enabled: false }));
    expect((await json(api('POST', `/api/webhooks/messages/${pending.id}/redeliver`), 409)).error.message).toMatch(/disabled/);
  });
});
