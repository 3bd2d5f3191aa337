import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestKindling, countEvents, postEvents, batch, pageview, HUMAN_USER_AGENT } from '../../test/support/kindling.js';
import { one, rows } from '../../test/support/query.js';
import { SPEC } from './spec-examples.js';
import { postSegment, storedEvents, basicAuth, DEMO_WRITE_KEY } from '../../test/support/segment.js';
import { MAX_BACKFILL_MS } from './time.js';

const NOW = Date.parse('2025-03-10T12:00:00.000Z');
type TestKindling = Awaited<ReturnType<typeof startTestKindling>>;
let k: TestKindling;
beforeEach(async () => {
  k = await startTestKindling({}, { clock: () => NOW });
});
afterEach(() => k.cleanup());

async function ok(
  res: Response,
): Promise<{ success: boolean; received: number; stored: number; duplicates: number; dropped: { bot: number; screen: number } }> {
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as never;
}
async function errorOf(res: Response): Promise<{ code: string; message: string; details?: { path: string; message: string }[] }> {
  return ((await res.json()) as { error: never }).error;
}

describe("the Spec's example payloads are accepted and mapped", () => {
  it('identify: email linked, traits kept, IP anonymized, an old timestamp clamped to the backfill window', async () => {
    await ok(await postSegment(k, 'identify', SPEC.identify));
    const [e] = await storedEvents(k);
    expect(e).toMatchObject({
      site: 'demo',
      visitorId: 'seg:019mr8mf4r',
      type: 'identify',
      ts: NOW - MAX_BACKFILL_MS,
      receivedAt: NOW,
      ip: '24.5.68.0',
      props: { source: 'segment', email: 'pgibbons@example.com', traits: { name: 'Peter Gibbons', industry: 'Technology' } },
    });
    expect(e!.eventId).toMatch(/^seg-c[A-Za-z0-9_-]{40}$/);
  });

  it('track: the event name and its properties', async () => {
    await ok(await postSegment(k, 'track', SPEC.track));
    expect((await storedEvents(k))[0]).toMatchObject({
      type: 'track',
      name: 'Item Purchased',
      visitorId: 'seg:019mr8mf4r',
      props: { source: 'segment', custom: { name: 'Leap to Conclusions Mat', revenue: 14.99 } },
    });
  });

  it('page without a URL: a page view titled with its name', async () => {
    await ok(await postSegment(k, 'page', SPEC.page));
    expect((await storedEvents(k))[0]).toMatchObject({
      type: 'pageview',
      url: null,
      path: null,
      pageClass: null,
      title: 'Tracking HTTP API',
      props: { custom: { name: 'Tracking HTTP API' } },
    });
  });

  it('page (the Spec\'s full example): URL, title, user agent, the user\'s visitor; version "1.1" is fine', async () => {
    await ok(await postSegment(k, 'page', SPEC.pageFull));
    expect((await storedEvents(k))[0]).toMatchObject({
      eventId: 'seg-022bb90c-bbac-11e4-8dfc-aa07a5b093db',
      visitorId: 'seg:97980cfea0067',
      type: 'pageview',
      url: 'http://www.example.com/',
      path: '/',
      title: 'Welcome | Initech',
      browser: 'Chrome',
      os: 'Mac OS',
      device: 'desktop',
      ip: '8.8.8.0',
    });
  });

  it('group: the company traits, as an identify-type event', async () => {
    await ok(await postSegment(k, 'group', SPEC.group));
    expect((await storedEvents(k))[0]).toMatchObject({
      type: 'identify',
      visitorId: 'seg:019mr8mf4r',
      props: {
        source: 'segment',
        traits: { company: 'Initech', company_industry: 'Technology', company_size: 420, group_id: '8e9df332ac' },
      },
    });
    expect((await storedEvents(k))[0]!.props.email).toBeUndefined();
  });

  it("batch: four messages, the batch's context merged, `2015-2-02` timestamps read", async () => {
    const body = await ok(await postSegment(k, 'batch', SPEC.batch));
    expect(body).toMatchObject({ success: true, received: 4, stored: 4, duplicates: 0 });
    const events = await storedEvents(k);
    expect(events.map((e) => [e.type, e.visitorId, e.props.email ?? e.name])).toEqual([
      ['identify', 'seg:019mr8mf4r', 'jake@yahoo.com'],
      ['track', 'seg:019mr8mf4r', 'Song Played'],
      ['identify', 'seg:971mj8mk7p', 'cindy@example.com'],
      ['track', 'seg:971mj8mk7p', 'Song Played'],
    ]);
    expect(events[0]!.props.traits).toEqual({ name: 'Jake Peterson', age: 26 });
    expect(events.every((e) => e.ts === NOW - MAX_BACKFILL_MS)).toBe(true);
  });

  it("track (the Spec's common fields): context.page classifies, context.campaign gives the UTM tags", async () => {
    await ok(await postSegment(k, 'track', SPEC.trackFull));
    expect((await storedEvents(k))[0]).toMatchObject({
      visitorId: 'seg:97980cfea0067',
      name: 'Report Submitted',
      url: 'https://segment.com/academy/',
      path: '/academy/',
      title: 'Analytics Academy',
      referrerHost: null,
      utmSource: 'Newsletter',
      utmMedium: 'email',
      utmCampaign: 'TPS Innovation Newsletter',
      device: 'mobile',
    });
  });
});

describe('mapping', () => {
  const msg = (extra: Record<string, unknown>) => ({
    messageId: `m-${Math.random().toString(36).slice(2)}`,
    anonymousId: 'anon-1',
    ...extra,
  });

  it("a page with properties.url is classified with the site's page classes, like a snippet page view", async () => {
    await ok(
      await postSegment(
        k,
        'page',
        msg({ properties: { url: 'https://tallyworks.example/pricing?utm_source=li', referrer: 'https://www.google.com/search' } }),
      ),
    );
    expect((await storedEvents(k))[0]).toMatchObject({
      pageClass: 'pricing',
      path: '/pricing',
      utmSource: 'li',
      referrerHost: 'google.com',
    });
  });

  it('identify with userId and anonymousId writes one identify per visitor, both carrying the email', async () => {
    await ok(
      await postSegment(
        k,
        'identify',
        msg({
          messageId: 'idf-1',
          userId: 'user-42',
          traits: { email: ' Ada@Acme.IO ', firstName: 'Ada', lastName: 'Lovelace', companySize: '51-200' },
        }),
      ),
    );
    const events = await storedEvents(k);
    expect(events.map((e) => [e.eventId, e.visitorId])).toEqual([
      ['seg-idf-1', 'seg:anon-1'],
      ['seg-idf-1.u', 'seg:user-42'],
    ]);
    for (const e of events)
      expect(e.props).toMatchObject({
        email: 'ada@acme.io',
        traits: { first_name: 'Ada', last_name: 'Lovelace', name: 'Ada Lovelace', company_size: '51-200' },
      });
  });

  it('an id outside the plain charset (here an email as userId) is hashed, never stored as is', async () => {
    await ok(await postSegment(k, 'track', { userId: 'ada@acme.io', event: 'Signed Up', messageId: 'has spaces & ünïcode' }));
    const [e] = await storedEvents(k);
    expect(e!.visitorId).toMatch(/^seg:h:[A-Za-z0-9_-]{22}$/);
    expect(e!.eventId).toMatch(/^segh-[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(e)).not.toContain('ada@acme.io');
  });

  it('corrects the sender clock skew with sentAt and never dates an event in the future', async () => {
    // The sender's clock runs 1 hour fast: an event 10 s before its send lands 10 s before receipt.
    const fast = NOW + 3600_000;
    await ok(
      await postSegment(
        k,
        'track',
        msg({ event: 'a', timestamp: new Date(fast - 10_000).toISOString(), sentAt: new Date(fast).toISOString() }),
      ),
    );
    await ok(await postSegment(k, 'track', msg({ event: 'b', timestamp: new Date(NOW + 86_400_000).toISOString() })));
    expect((await storedEvents(k)).map((e) => e.ts)).toEqual([NOW - 10_000, NOW]);
  });

  it('context.ip only when it is an address; the connection address only for context.direct; none with storeIp "none"', async () => {
    await ok(await postSegment(k, 'track', msg({ event: 'a', context: { ip: 'not-an-ip' } })));
    await ok(await postSegment(k, 'track', msg({ event: 'b', context: { direct: true } }), {}, '203.0.113.9'));
    await ok(await postSegment(k, 'track', msg({ event: 'c', context: { ip: '2001:db8:85a3::8a2e:370:7334' } })));
    expect((await storedEvents(k)).map((e) => e.ip)).toEqual([null, '203.0.113.0', '2001:db8:85a3::']);
    const none = await startTestKindling({ privacy: { storeIp: 'none' } });
    try {
      await ok(await postSegment(none, 'track', msg({ event: 'a', context: { ip: '24.5.68.47' } })));
      expect((await storedEvents(none))[0]!.ip).toBeNull();
    } finally {
      await none.cleanup();
    }
  });

  it('drops messages whose context.userAgent is a bot, and screens, and says so', async () => {
    const body = await ok(
      await postSegment(k, 'batch', {
        batch: [
          { type: 'page', anonymousId: 'a', context: { userAgent: 'Googlebot/2.1 (+http://www.google.com/bot.html)' } },
          { type: 'screen', userId: 'u', name: 'Home' },
          { type: 'track', userId: 'u', event: 'kept', context: { userAgent: HUMAN_USER_AGENT } },
        ],
      }),
    );
    expect(body).toMatchObject({ received: 3, stored: 1, dropped: { bot: 1, screen: 1 } });
    expect((await storedEvents(k)).map((e) => e.name)).toEqual(['kept']);
  });

  it('accepts a gzip-compressed batch (RudderStack sends them)', async () => {
    const gz = gzipSync(JSON.stringify({ batch: [{ type: 'track', userId: 'u', event: 'zipped' }] }));
    await ok(await postSegment(k, 'batch', new Uint8Array(gz), { 'content-encoding': 'gzip' }));
    expect((await storedEvents(k))[0]!.name).toBe('zipped');
  });

  it('feeds the same engine as the snippet: one person, one lead, scored from both sources', async () => {
    // The browser identifies through the snippet, the server reports the demo request through Segment.
    expect(
      (
        await postEvents(
          k,
          batch([
            pageview('http://localhost:3000/pricing'),
            { i: 'snip-id-1', t: 'identify', ts: NOW, u: 'http://localhost:3000/', em: 'ada@acme.io' },
          ]),
        )
      ).status,
    ).toBe(202);
    await ok(
      await postSegment(k, 'identify', { userId: 'u-ada', messageId: 'srv-1', traits: { email: 'ada@acme.io', title: 'VP Engineering' } }),
    );
    await ok(await postSegment(k, 'track', { userId: 'u-ada', messageId: 'srv-2', event: 'pricing_inquiry' }));
    const res = await k.app.request('/api/leads', { headers: { authorization: `Bearer ${k.adminToken}` } });
    const { leads } = (await res.json()) as { leads: { email: string; title: string | null; topReason: string | null }[] };
    expect(leads).toEqual([expect.objectContaining({ email: 'ada@acme.io', title: 'VP Engineering' })]);
    const visitors = await rows<{ visitor_id: string }>(k, 'SELECT visitor_id FROM visitor_leads ORDER BY visitor_id');
    expect(visitors.map((v) => v.visitor_id)).toEqual(['0190a6f1e2b37c4d8e9fa0b1c2d3e4f5', 'seg:u-ada']);
    const rules = Object.keys(
      (JSON.parse((await one<{ model: string }>(k, 'SELECT model FROM lead_state'))!.model) as { engagement: { rules: object } }).engagement
        .rules,
    );
    expect(rules).toEqual(expect.arrayContaining(['pricing-view', 'contact-sales']));
  });

  it('lands in the same event log as the snippet', async () => {
    expect((await postEvents(k, batch([pageview()]))).status).toBe(202);
    await ok(await postSegment(k, 'track', msg({ event: 'server side' })));
    expect((await storedEvents(k)).map((e) => [e.type, e.props.source ?? 'snippet'])).toEqual([
      ['pageview', 'snippet'],
      ['track', 'segment'],
    ]);
  });
});

describe('authentication', () => {
  const cases: [string, Record<string, string | null>, RegExp][] = [
    ['no Authorization header', { authorization: null }, /HTTP Basic/],
    ['a wrong write key', { authorization: basicAuth('wrong-write-key-123456') }, /unknown write key/],
    ['the Bearer scheme', { authorization: `Bearer ${DEMO_WRITE_KEY}` }, /Basic scheme/],
    ['a Basic header that is not base64', { authorization: 'Basic !!!' }, /Basic scheme/],
    ['an empty user name', { authorization: basicAuth('', DEMO_WRITE_KEY) }, /Basic scheme/],
  ];
  const { writeKey: _placeholder, ...trackWithoutKey } = SPEC.track;
  it.each(cases)('%s → 401 with a Basic challenge, nothing stored', async (_name, headers, message) => {
    const res = await postSegment(k, 'track', trackWithoutKey, headers);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="kindling"/);
    expect((await errorOf(res)).message).toMatch(message);
    expect(await countEvents(k)).toBe(0);
  });

  it('accepts the bare key without a colon (Segment accepts it for backward compatibility)', async () => {
    await ok(await postSegment(k, 'track', SPEC.track, { authorization: `Basic ${Buffer.from(DEMO_WRITE_KEY).toString('base64')}` }));
  });

  it('a body writeKey authenticates a request without a header (analytics-node v2 sends it so)', async () => {
    await ok(await postSegment(k, 'track', { ...SPEC.track, writeKey: DEMO_WRITE_KEY }, { authorization: null }));
    await ok(
      await postSegment(
        k,
        'batch',
        { writeKey: DEMO_WRITE_KEY, batch: [{ type: 'identify', userId: 'u1', traits: { email: 'ada@acme.io' } }] },
        { authorization: null },
      ),
    );
    expect((await storedEvents(k)).map((e) => [e.site, e.type])).toEqual([
      ['demo', 'track'],
      ['demo', 'identify'],
    ]);
  });

  it.each([
    ['an unknown body key', { ...SPEC.track, writeKey: 'wrong-write-key-123456' }, /unknown write key/],
    ['an empty body key', { ...SPEC.track, writeKey: '' }, /HTTP Basic .* or as "writeKey" in the body/],
    ['a body key that is not a string', { ...SPEC.track, writeKey: 12345 }, /"writeKey" in the body/],
    [
      'a key only inside a batched message',
      { batch: [{ type: 'track', userId: 'u', event: 'e', writeKey: DEMO_WRITE_KEY }] },
      /"writeKey" in the body/,
    ],
    ['a key only in a JSON array', [{ writeKey: DEMO_WRITE_KEY }], /"writeKey" in the body/],
  ])('without a header, %s → 401, nothing stored', async (_name, body, message) => {
    const route = 'batch' in (body as object) || Array.isArray(body) ? 'batch' : 'track';
    const res = await postSegment(k, route, body, { authorization: null });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="kindling"/);
    expect((await errorOf(res)).message).toMatch(message);
    expect(await countEvents(k)).toBe(0);
  });

  it('the header wins when both are sent: a wrong header is not rescued by a right body key', async () => {
    const res = await postSegment(
      k,
      'track',
      { ...SPEC.track, writeKey: DEMO_WRITE_KEY },
      { authorization: basicAuth('wrong-write-key-123456') },
    );
    expect(res.status).toBe(401);
    expect(await countEvents(k)).toBe(0);
  });

  it('a site without a write key refuses every Segment request; the key picks the site', async () => {
    const sites = [
      { key: 'nokey', name: 'No key', origins: ['https://a.example'] },
      { key: 'keyed', name: 'Keyed', origins: ['https://b.example'], writeKey: 'keyed-site-write-key' },
      { key: 'other', name: 'Other', origins: ['https://c.example'], writeKey: 'other-site-write-key' },
    ];
    const multi = await startTestKindling({ sites });
    try {
      expect((await postSegment(multi, 'track', SPEC.track)).status).toBe(401);
      await ok(await postSegment(multi, 'track', SPEC.track, { authorization: basicAuth('keyed-site-write-key') }));
      // Both styles name a site; when they disagree the header's site is the one written to.
      await ok(
        await postSegment(
          multi,
          'track',
          { ...SPEC.track, messageId: 'm-2', writeKey: 'other-site-write-key' },
          { authorization: basicAuth('keyed-site-write-key') },
        ),
      );
      await ok(
        await postSegment(multi, 'track', { ...SPEC.track, messageId: 'm-3', writeKey: 'other-site-write-key' }, { authorization: null }),
      );
      expect((await storedEvents(multi)).map((e) => e.site)).toEqual(['keyed', 'keyed', 'other']);
    } finally {
      await multi.cleanup();
    }
  });
});

describe('dedupe on messageId', () => {
  it('a resent message is stored once, also inside one batch', async () => {
    const m = { type: 'track', userId: 'u1', event: 'Signed Up', messageId: 'dup-1' };
    expect(await ok(await postSegment(k, 'batch', { batch: [m, m] }))).toMatchObject({ stored: 1, duplicates: 1 });
    expect(await ok(await postSegment(k, 'track', m))).toMatchObject({ stored: 0, duplicates: 1 });
    expect(await countEvents(k)).toBe(1);
  });

  it('a hashed messageId dedupes too, and so does the content id of a message without one', async () => {
    const odd = { userId: 'u1', event: 'x', messageId: `${'ü'.repeat(80)} long id` };
    await ok(await postSegment(k, 'track', odd));
    await ok(await postSegment(k, 'track', { ...odd, sentAt: new Date(NOW).toISOString() }));
    // Same content, resent with another sentAt and key order: still one event.
    await ok(await postSegment(k, 'track', { userId: 'u1', event: 'y', timestamp: '2025-03-10T11:00:00Z', properties: { a: 1, b: 2 } }));
    await ok(
      await postSegment(k, 'track', {
        properties: { b: 2, a: 1 },
        event: 'y',
        timestamp: '2025-03-10T11:00:00Z',
        userId: 'u1',
        sentAt: '2025-03-10T11:00:05Z',
      }),
    );
    expect((await storedEvents(k)).map((e) => e.name)).toEqual(['x', 'y']);
  });

  it('an identify that fans out to two visitors dedupes both halves', async () => {
    const m = { userId: 'u1', anonymousId: 'a1', messageId: 'idf', traits: { email: 'x@acme.io' } };
    await ok(await postSegment(k, 'identify', m));
    expect(await ok(await postSegment(k, 'identify', m))).toMatchObject({ stored: 0, duplicates: 2 });
  });
});

describe('limits and bad input: an exact status, nothing stored', () => {
  const big = (bytes: number) => 'x'.repeat(bytes);
  const cases: [string, string, unknown, number, RegExp | string][] = [
    [
      'a body over 500 KB',
      'batch',
      { batch: Array.from({ length: 20 }, () => ({ type: 'track', userId: 'u', event: 'e', properties: { pad: big(26 * 1024) } })) },
      413,
      /body larger than/,
    ],
    ['a single call over 32 KB', 'track', { userId: 'u', event: 'e', properties: { pad: big(33 * 1024) } }, 400, '(root)'],
    [
      'one batched message over 32 KB',
      'batch',
      {
        batch: [
          { type: 'track', userId: 'u', event: 'ok' },
          { type: 'track', userId: 'u', event: 'e', properties: { pad: big(33 * 1024) } },
        ],
      },
      400,
      'batch.1',
    ],
    ['an invalid email', 'identify', { userId: 'u', traits: { email: 'not an email' } }, 400, 'traits.email'],
    [
      'an invalid email in a batch',
      'batch',
      {
        batch: [
          { type: 'track', userId: 'u', event: 'ok' },
          { type: 'identify', userId: 'u', traits: { email: 'a@' } },
        ],
      },
      400,
      'batch.1.traits.email',
    ],
    ['a track without event', 'track', { userId: 'u' }, 400, 'event'],
    ['neither userId nor anonymousId', 'page', { name: 'x' }, 400, 'userId'],
    ['an unknown type in a batch', 'batch', { batch: [{ type: 'purchase', userId: 'u' }] }, 400, 'batch.0.type'],
    ['a batch item that is not an object', 'batch', { batch: [42] }, 400, 'batch.0'],
    ['a type that contradicts the route', 'track', { type: 'identify', userId: 'u' }, 400, 'type'],
    ['an unreadable timestamp', 'track', { userId: 'u', event: 'e', timestamp: 'last tuesday' }, 400, 'timestamp'],
    ['an alias without previousId', 'alias', { userId: 'u' }, 400, 'previousId'],
    ['too many messages', 'batch', { batch: Array.from({ length: 2501 }, () => ({})) }, 400, 'batch'],
    ['not JSON', 'track', '{"userId":', 400, /not valid JSON/],
    ['a JSON array', 'batch', '[]', 400, /JSON object/],
  ];
  it.each(cases)('%s', async (_name, route, body, status, where) => {
    const res = await postSegment(k, route, body);
    expect(res.status).toBe(status);
    const error = await errorOf(res);
    if (typeof where === 'string') expect(error.details?.map((d) => d.path)).toContain(where);
    else expect(error.message).toMatch(where);
    expect(await countEvents(k)).toBe(0);
  });

  it('415 for a form body, 415 for an unknown content encoding, 400 for broken gzip', async () => {
    expect((await postSegment(k, 'track', SPEC.track, { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await postSegment(k, 'track', SPEC.track, { 'content-encoding': 'br' })).status).toBe(415);
    expect((await postSegment(k, 'track', 'not gzip', { 'content-encoding': 'gzip' })).status).toBe(400);
  });

  it('413 for a gzip body that inflates past 500 KB', async () => {
    const bomb = gzipSync(JSON.stringify({ batch: [{ type: 'track', userId: 'u', event: 'e', properties: { pad: big(600 * 1024) } }] }));
    expect(bomb.length).toBeLessThan(10 * 1024);
    expect((await postSegment(k, 'batch', new Uint8Array(bomb), { 'content-encoding': 'gzip' })).status).toBe(413);
  });

  it('accepts a batch close to 500 KB made of messages under 32 KB', async () => {
    const messages = Array.from({ length: 16 }, (_, i) => ({
      type: 'track',
      userId: 'u',
      event: `e${i}`,
      properties: { pad: big(30 * 1024) },
    }));
    expect(await ok(await postSegment(k, 'batch', { batch: messages }))).toMatchObject({ stored: 16 });
  });
});
