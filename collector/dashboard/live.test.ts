import { afterEach, describe, expect, it } from 'vitest';
import { ruleCause, type DomainEvent } from '../events/domain.js';
import { createLiveHub, framesFor, liveMessagesOf, type LiveMessage } from './live.js';
import { startTestKindling, type TestKindling } from '../../test/support/kindling.js';

const TOKEN = 'kt_test_token_0123456789abcdef';
const decoder = new TextDecoder();

/** Reads from an SSE body until `want` appears (or fails after timeoutMs). */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, want: string, timeoutMs = 2000): Promise<string> {
  let text = '';
  const deadline = Date.now() + timeoutMs;
  while (!text.includes(want)) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`timed out waiting for ${JSON.stringify(want)}; got ${JSON.stringify(text)}`);
    const chunk = await Promise.race([
      reader.read(),
      new Promise<never>((_, no) => setTimeout(() => no(new Error(`timed out; got ${JSON.stringify(text)}`)), left)),
    ]);
    if (chunk.done) throw new Error(`stream ended; got ${JSON.stringify(text)}`);
    text += decoder.decode(chunk.value);
  }
  return text;
}

const updated = (leadId: number, at = 1): DomainEvent => ({ type: 'lead.updated', leadId, at });

describe('live frames', () => {
  it('sends one frame per lead and type per commit, with ids only', () => {
    const frames = framesFor(liveMessagesOf([updated(1), updated(1), updated(2), { type: 'lead.erased', leadId: 1, at: 5 }]));
    expect(frames.match(/event: lead\n/g)).toHaveLength(3);
    expect(frames).toContain('data: {"type":"lead.updated","leadId":2,"at":1}\n\n');
    expect(frames).toContain('data: {"type":"lead.erased","leadId":1,"at":5}\n\n');
  });

  it('sends only the known fields of whatever it is handed (a whole domain event, a stray key from a payload)', () => {
    const leaky = { type: 'lead.updated', leadId: 4, at: 2, lead: { email: 'ann@acme.test' }, extra: 1 } as LiveMessage;
    expect(framesFor([leaky])).toBe('event: lead\ndata: {"type":"lead.updated","leadId":4,"at":2}\n\n');
  });

  it('carries the new stage of a stage change but not the lead summary', () => {
    const frames = framesFor(
      liveMessagesOf([
        {
          type: 'lead.stage_changed',
          at: 9,
          leadId: 3,
          from: 'mql',
          to: 'sql',
          direction: 'up',
          cause: ruleCause('score'),
          lead: {
            id: 3,
            email: 'ann@acme.test',
            name: 'Ann',
            company: 'acme.test',
            title: null,
            stage: 'sql',
            disposition: null,
            score: 80,
            fit: 10,
          },
          reasons: [],
        },
      ]),
    );
    expect(frames).toContain('"to":"sql"');
    expect(frames).not.toContain('ann@acme.test');
  });
});

describe('live hub', () => {
  it('sends a hello, heartbeats, and forgets a client that cancels', async () => {
    const hub = createLiveHub({ heartbeatMs: 20 });
    const reader = hub.open().body!.getReader();
    expect(hub.clients).toBe(1);
    expect(await readUntil(reader, 'event: hello')).toMatch(/^retry: \d+\n/);
    await readUntil(reader, ': ping');
    await reader.cancel();
    expect(hub.clients).toBe(0);
  });

  it('refuses streams beyond the limit and drops a client that does not read', async () => {
    const hub = createLiveHub({ maxClients: 2, maxBacklogBytes: 2000 });
    const slow = hub.open();
    const fast = hub.open().body!.getReader();
    expect(() => hub.open()).toThrowError(/at most 2 live streams/);
    await readUntil(fast, 'event: hello');
    for (let i = 0; i < 200; i++) {
      hub.publish(liveMessagesOf([updated(i)]));
      await readUntil(fast, `"leadId":${i},`);
    }
    expect(hub.clients).toBe(1);
    expect(slow.bodyUsed).toBe(false);
    hub.close();
    expect(hub.clients).toBe(0);
    expect((await fast.read()).done).toBe(true);
  });
});

describe('GET /api/live', () => {
  let k: TestKindling;
  afterEach(async () => k?.cleanup());

  it('needs a token or session, and streams what the writer commits', async () => {
    k = await startTestKindling({}, { env: { KINDLING_ADMIN_TOKEN: TOKEN } });
    expect((await k.app.request('/api/live')).status).toBe(401);
    const res = await k.app.request('/api/live', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = res.body!.getReader();
    await readUntil(reader, 'event: hello');
    await k.writer.transact((ctx) => ctx.emit({ type: 'lead.updated', leadId: 42, at: ctx.now }));
    expect(await readUntil(reader, '"leadId":42')).toMatch(/event: lead\ndata: \{"type":"lead.updated","leadId":42,"at":\d+\}/);
    await reader.cancel();
  });

  it('sends nothing for a transaction that rolls back', async () => {
    k = await startTestKindling({}, { env: { KINDLING_ADMIN_TOKEN: TOKEN } });
    const reader = (await k.app.request('/api/live', { headers: { authorization: `Bearer ${TOKEN}` } })).body!.getReader();
    await readUntil(reader, 'event: hello');
    await expect(
      k.writer.transact((ctx) => {
        ctx.emit({ type: 'lead.updated', leadId: 7, at: ctx.now });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await k.writer.transact((ctx) => ctx.emit({ type: 'lead.updated', leadId: 8, at: ctx.now }));
    const text = await readUntil(reader, '"leadId":8');
    expect(text).not.toContain('"leadId":7');
    await reader.cancel();
  });

  it('ends open streams when Kindling closes', async () => {
    k = await startTestKindling({}, { env: { KINDLING_ADMIN_TOKEN: TOKEN } });
    const reader = (await k.app.request('/api/live', { headers: { authorization: `Bearer ${TOKEN}` } })).body!.getReader();
    await readUntil(reader, 'event: hello');
    await k.close();
    expect((await reader.read()).done).toBe(true);
  });
});
