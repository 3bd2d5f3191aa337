import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serve, type ServerType } from '@hono/node-server';
import { Analytics } from '@segment/analytics-node';
import { startTestKindling } from './support/kindling.js';
import { storedEvents, DEMO_WRITE_KEY } from './support/segment.js';
import { rows } from './support/query.js';

/**
 * Segment's own Node library (`@segment/analytics-node` v2, from npm) pointed at a real Kindling
 * HTTP server: it sends the write key in the JSON body, not as HTTP Basic, and must be accepted.
 */
let k: Awaited<ReturnType<typeof startTestKindling>>;
let server: ServerType;
let host: string;

beforeEach(async () => {
  k = await startTestKindling();
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: k.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port));
  });
  host = `http://127.0.0.1:${port}`;
});
afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await k.cleanup();
});

/** A client that never retries (a refused batch fails at once) and records what it sent and what failed. */
function client(writeKey: string) {
  const analytics = new Analytics({ writeKey, host, maxRetries: 0, flushInterval: 60_000 });
  const requests: { headers: Record<string, string>; body: { writeKey?: string; batch: unknown[] } }[] = [];
  const errors: unknown[] = [];
  analytics.on('http_request', (r) => requests.push({ headers: r.headers, body: JSON.parse(r.body) as never }));
  analytics.on('error', (err) => errors.push(err));
  return { analytics, requests, errors };
}

const leads = () => rows(k, 'SELECT email, title, company FROM leads ORDER BY id');

describe('@segment/analytics-node against a real Kindling server', () => {
  it('identify, group, track, page and alias land as events and a lead, after a flush', async () => {
    const { analytics, requests, errors } = client(DEMO_WRITE_KEY);
    analytics.identify({ userId: 'u-42', traits: { email: 'Ada@Acme.io', title: 'CTO', company: { name: 'Acme', employee_count: 120 } } });
    analytics.group({ userId: 'u-42', groupId: 'g-acme', traits: { name: 'Acme', employees: 120 } });
    analytics.track({ userId: 'u-42', event: 'pricing_inquiry', properties: { plan: 'team' } });
    analytics.page({ userId: 'u-42', name: 'Pricing', properties: { url: 'http://localhost:3000/pricing', title: 'Pricing' } });
    analytics.alias({ previousId: 'anon-7', userId: 'u-42' });
    analytics.track({ anonymousId: 'anon-7', event: 'webinar_signup' });
    await analytics.closeAndFlush({ timeout: 10_000 });

    expect(errors).toEqual([]);
    // The library's style: the key in the body, no Authorization header.
    expect(requests.length).toBeGreaterThan(0);
    for (const r of requests) {
      expect(r.body.writeKey).toBe(DEMO_WRITE_KEY);
      expect(Object.keys(r.headers).map((h) => h.toLowerCase())).not.toContain('authorization');
    }

    const events = await storedEvents(k);
    expect(events.every((e) => e.site === 'demo')).toBe(true);
    expect(events.filter((e) => e.visitorId === 'seg:u-42').map((e) => e.type)).toEqual(
      expect.arrayContaining(['identify', 'track', 'pageview']),
    );
    expect(events.find((e) => e.type === 'track' && e.visitorId === 'seg:u-42')).toMatchObject({
      name: 'pricing_inquiry',
      props: { custom: { plan: 'team' } },
    });
    expect(events.find((e) => e.type === 'pageview')).toMatchObject({ path: '/pricing', pageClass: 'pricing', title: 'Pricing' });
    expect(events.find((e) => e.visitorId === 'seg:anon-7' && e.type === 'track')).toMatchObject({ name: 'webinar_signup' });
    expect(await leads()).toEqual([{ email: 'ada@acme.io', title: 'CTO', company: 'Acme' }]);
    // The alias linked the anonymous id to the same lead.
    const linked = await rows(
      k,
      'SELECT DISTINCT l.email FROM visitor_leads v JOIN leads l ON l.id = v.lead_id WHERE v.visitor_id IN (?, ?)',
      ['seg:u-42', 'seg:anon-7'],
    );
    expect(linked).toEqual([{ email: 'ada@acme.io' }]);
  });

  it('a wrong write key is refused: the library reports the failure and nothing lands', async () => {
    const { analytics, errors } = client('not-the-write-key-000');
    analytics.track({ userId: 'u-1', event: 'signed_up' });
    await analytics.closeAndFlush({ timeout: 10_000 });
    expect(errors).toHaveLength(1);
    expect(String((errors[0] as { reason?: unknown }).reason ?? errors[0])).toMatch(/401/);
    expect(await storedEvents(k)).toEqual([]);
  });
});
