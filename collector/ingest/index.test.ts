import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startTestKindling,
  postEvents,
  batch,
  pageview,
  eventId,
  countEvents,
  VISITOR,
  HUMAN_USER_AGENT,
} from '../../test/support/kindling.js';
import { rows, value } from '../../test/support/query.js';
import { rememberedLookup } from './index.js';
import type { NetworkFacts } from '../network/index.js';

type TestKindling = Awaited<ReturnType<typeof startTestKindling>>;
let k: TestKindling;
beforeEach(async () => {
  k = await startTestKindling();
});
afterEach(() => k.cleanup());

const now = Date.now();
const bigTitle = 'x'.repeat(301);

describe('POST /e rejects malformed input with an exact status and stores nothing', () => {
  const cases: [string, unknown, number, Record<string, string>?][] = [
    ['not JSON', '{"s":', 400],
    ['a JSON array', '[]', 400],
    ['a JSON string', '"hello"', 400],
    ['missing site key', { v: VISITOR, e: [pageview()] }, 400],
    ['no events', batch([]), 400],
    ['51 events', batch(Array.from({ length: 51 }, () => pageview())), 400],
    ['unknown event type', batch([{ i: eventId(), t: 'purchase', ts: now, u: 'http://localhost/' }]), 400],
    ['an unknown key', batch([{ ...pageview(), zz: 1 }]), 400],
    ['a bad visitor id', { ...batch([pageview()]), v: 'not-a-visitor' }, 400],
    ['a bad event id', batch([{ ...pageview(), i: 'has spaces!' }]), 400],
    ['a title over its cap', batch([{ ...pageview(), ti: bigTitle }]), 400],
    ['a URL that is not http(s)', batch([pageview('javascript:alert(1)')]), 400],
    ['a relative URL', batch([pageview('/pricing')]), 400],
    ['negative engaged time', batch([{ i: eventId(), t: 'engage', ts: now, u: 'http://localhost/', d: -5 }]), 400],
    ['an invalid email', batch([{ i: eventId(), t: 'identify', ts: now, u: 'http://localhost/', em: 'not-an-email' }]), 400],
    ['a nested trait', batch([{ i: eventId(), t: 'identify', ts: now, u: 'http://localhost/', em: 'a@b.co', tr: { x: { y: 1 } } }]), 400],
    ['a string timestamp', batch([{ ...pageview(), ts: 'yesterday' }]), 400],
    ['a lone surrogate in a title', batch([{ ...pageview(), ti: 'Pricing \ud800' }]), 400],
    [
      'a lone surrogate in a field name',
      batch([{ i: eventId(), t: 'form', ts: now, u: 'http://localhost/', f: { fl: { 'x\udc00': 'v' } } }]),
      400,
    ],
    ['a lone surrogate in a track name', batch([{ i: eventId(), t: 'track', ts: now, u: 'http://localhost/', n: '\udbff' }]), 400],
    [
      'a control character in an email',
      batch([{ i: eventId(), t: 'identify', ts: now, u: 'http://localhost/', em: 'a\u0000b@acme.io' }]),
      400,
    ],
    [
      'a control character in a form email',
      batch([{ i: eventId(), t: 'form', ts: now, u: 'http://localhost/', f: { fl: {} }, em: 'a\u0007b@acme.io' }]),
      400,
    ],
    ['nesting 4,000 levels deep', `{"s":"demo","v":"${VISITOR}","e":[${'{"x":'.repeat(4000)}1${'}'.repeat(4000)}]}`, 400],
    ['a form content type', batch([pageview()]), 415, { 'content-type': 'application/x-www-form-urlencoded' }],
    ['unknown site', { ...batch([pageview()]), s: 'nope' }, 404],
    ['a foreign origin', batch([pageview()]), 403, { origin: 'https://evil.example' }],
    ['no origin and no referer', batch([pageview()]), 403, { origin: '' }],
  ];
  it.each(cases)('%s → %i', async (_name, body, status, headers = {}) => {
    const res = await postEvents(k, body, headers);
    expect(res.status).toBe(status);
    const json = (await res.json()) as { error: { code: string; message: string } };
    expect(json.error.message.length).toBeGreaterThan(3);
    expect(await countEvents(k)).toBe(0);
  });

  it('a batch with one bad event stores none of it', async () => {
    const res = await postEvents(k, batch([pageview(), pageview(), pageview('ftp://x/')]));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { details: { path: string }[] } }).error.details[0]!.path).toBe('e.2.u');
    expect(await countEvents(k)).toBe(0);
  });

  it('names the offending key in the error details', async () => {
    const res = await postEvents(k, batch([{ ...pageview(), ti: bigTitle }]));
    const json = (await res.json()) as { error: { details: { path: string }[] } };
    expect(json.error.details[0]!.path).toBe('e.0.ti');
  });

  it('names the lone surrogate and the nesting it refuses', async () => {
    const surrogate = await postEvents(k, batch([pageview(), { ...pageview(), ti: 'a\ud800' }]));
    expect(((await surrogate.json()) as { error: { details: { path: string; message: string }[] } }).error.details).toEqual([
      { path: 'e.1.ti', message: expect.stringMatching(/lone surrogate/) },
    ]);
    const deep = await postEvents(k, `{"s":"demo","v":"${VISITOR}","e":[{"f":${'['.repeat(100)}${']'.repeat(100)}}]}`);
    expect(((await deep.json()) as { error: { details: { message: string }[] } }).error.details[0]!.message).toMatch(
      /nested deeper than 32 levels/,
    );
  });

  it('answers 413 above 64 KiB', async () => {
    const huge = batch([{ ...pageview(), u: `http://localhost/?q=${'a'.repeat(70 * 1024)}` }]);
    const res = await postEvents(k, huge);
    expect(res.status).toBe(413);
    expect(await countEvents(k)).toBe(0);
  });
});

describe('POST /e accepts valid batches', () => {
  it('stores a pageview and answers 202 after commit, with CORS for the origin', async () => {
    const res = await postEvents(k, batch([pageview()]));
    expect(res.status).toBe(202);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(await countEvents(k)).toBe(1);
  });

  it('accepts application/json and a Referer instead of an Origin', async () => {
    const res = await postEvents(k, batch([pageview()]), {
      'content-type': 'application/json',
      origin: '',
      referer: 'http://127.0.0.1:5000/page',
    });
    expect(res.status).toBe(202);
    expect(await countEvents(k)).toBe(1);
  });

  it('ignores repeated event ids (client retries), within and across requests', async () => {
    const e = pageview();
    expect((await postEvents(k, batch([e, e]))).status).toBe(202);
    expect((await postEvents(k, batch([e]))).status).toBe(202);
    expect(await countEvents(k)).toBe(1);
  });

  it('treats the same event id on another site as a different event', async () => {
    const other = await startTestKindling({
      sites: [
        { key: 'demo', name: 'Demo', origins: ['http://localhost:*'] },
        { key: 'other', name: 'Other', origins: ['http://localhost:*'] },
      ],
    });
    try {
      const e = pageview();
      await postEvents(other, batch([e]));
      await postEvents(other, { ...batch([e]), s: 'other' });
      expect(await countEvents(other)).toBe(2);
    } finally {
      await other.cleanup();
    }
  });
});

describe('silent drops', () => {
  const drops: [string, Record<string, string>][] = [
    ['a crawler', { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' }],
    ['headless Chrome', { 'user-agent': HUMAN_USER_AGENT.replace('Chrome/', 'HeadlessChrome/') }],
    ['curl', { 'user-agent': 'curl/8.5.0' }],
    ['no user agent', { 'user-agent': '' }],
    ['a prefetch', { purpose: 'prefetch' }],
    ['Do Not Track', { dnt: '1' }],
    ['Global Privacy Control', { 'sec-gpc': '1' }],
  ];
  it.each(drops)('%s gets 202 and nothing is stored', async (_name, headers) => {
    const res = await postEvents(k, batch([pageview()]), headers);
    expect(res.status).toBe(202);
    expect(await countEvents(k)).toBe(0);
  });

  it('stores DNT traffic when the site chose not to honour it', async () => {
    const lax = await startTestKindling({ privacy: { honorDoNotTrack: false } });
    try {
      expect((await postEvents(lax, batch([pageview()]), { dnt: '1' })).status).toBe(202);
      expect(await countEvents(lax)).toBe(1);
    } finally {
      await lax.cleanup();
    }
  });
});

describe('enrichment', () => {
  type Row = Record<string, string | number | null>;
  const stored = () => rows<Row>(k, 'SELECT * FROM events ORDER BY seq');

  it('stores path, page class, UTM fields, external referrer host and the parsed user agent', async () => {
    await postEvents(
      k,
      batch([
        pageview(
          'http://localhost:3000/pricing/?utm_source=linkedin&utm_medium=paid&utm_campaign=q4-launch&utm_term=crm&utm_content=v2#plans',
          { r: 'https://www.google.com/search?q=x', ti: 'Pricing' },
        ),
      ]),
    );
    const [row] = await stored();
    expect(row).toMatchObject({
      path: '/pricing/',
      page_class: 'pricing',
      utm_source: 'linkedin',
      utm_medium: 'paid',
      utm_campaign: 'q4-launch',
      utm_term: 'crm',
      utm_content: 'v2',
      referrer_host: 'google.com',
      title: 'Pricing',
      browser: 'Chrome',
      os: 'Linux',
      device: 'desktop',
      visitor_id: VISITOR,
      session_id: 'sess1',
    });
  });

  it('keeps the session landing campaign and referrer on later pages, and ignores internal referrers', async () => {
    await postEvents(
      k,
      batch([pageview('http://localhost:3000/docs/setup', { r: 'http://localhost:3000/pricing' })], {
        l: { u: 'http://localhost:3000/?utm_source=newsletter&utm_campaign=nov', r: 'https://news.ycombinator.com/' },
      }),
    );
    expect((await stored())[0]).toMatchObject({
      page_class: 'docs',
      utm_source: 'newsletter',
      utm_campaign: 'nov',
      referrer_host: 'news.ycombinator.com',
    });
  });

  it('classifies careers, demo and unclassified pages', async () => {
    await postEvents(
      k,
      batch([
        pageview('http://localhost:3000/demo/careers.html'),
        pageview('http://localhost:3000/demo/demo-request.html'),
        pageview('http://localhost:3000/about'),
      ]),
    );
    expect((await stored()).map((r) => r.page_class)).toEqual(['careers', 'demo', null]);
  });

  it('stores the IP anonymized (IPv4 /24, IPv6 /48), from the connection and not a spoofed header', async () => {
    await postEvents(k, batch([pageview()]), { 'x-forwarded-for': '198.51.100.9' }, '203.0.113.77');
    await postEvents(k, { ...batch([pageview()]), v: '0190a6f1e2b37c4d8e9fa0b1c2d3e4f6' }, {}, '2001:db8:abcd:12:1:2:3:4');
    expect((await stored()).map((r) => r.ip)).toEqual(['203.0.113.0', '2001:db8:abcd::']);
  });

  it('uses X-Forwarded-For only when KINDLING_TRUST_PROXY is set', async () => {
    const proxied = await startTestKindling({}, { env: { KINDLING_TRUST_PROXY: '1' } });
    try {
      await postEvents(proxied, batch([pageview()]), { 'x-forwarded-for': '198.51.100.9' }, '127.0.0.1');
      expect(await value(proxied, 'SELECT ip FROM events')).toBe('198.51.100.0');
    } finally {
      await proxied.cleanup();
    }
  });

  it('stores no IP at all when privacy.storeIp is none', async () => {
    const noIp = await startTestKindling({ privacy: { storeIp: 'none' } });
    try {
      await postEvents(noIp, batch([pageview()]));
      expect(await value(noIp, 'SELECT ip FROM events')).toBeNull();
    } finally {
      await noIp.cleanup();
    }
  });

  it('clamps client timestamps from the future to the receive time', async () => {
    await postEvents(k, batch([pageview(undefined, { ts: Date.now() + 86_400_000 })]));
    const row = (await stored())[0]!;
    expect(row.ts).toBe(row.received_at);
  });

  it('keeps form fields, the form email, engage time, hrefs and custom events in props', async () => {
    await postEvents(
      k,
      batch([
        {
          i: eventId(),
          t: 'form',
          ts: now,
          u: 'http://localhost:3000/demo-request',
          f: { id: 'demo', a: 'http://localhost:3000/thanks', fl: { name: 'Ada', budget: 'yes' } },
          em: ' Ada@Example.COM ',
        },
        { i: eventId(), t: 'engage', ts: now, u: 'http://localhost:3000/pricing', d: 42_000 },
        { i: eventId(), t: 'download', ts: now, u: 'http://localhost:3000/docs', h: 'http://localhost:3000/whitepaper.pdf' },
        { i: eventId(), t: 'track', ts: now, u: 'http://localhost:3000/', n: 'webinar_signup', p: { webinar: 'q4' } },
      ]),
    );
    const props = (await stored()).map((r) => [r.type, r.name, JSON.parse(r.props as string)]);
    expect(props).toEqual([
      [
        'form',
        'demo',
        { form: { id: 'demo', action: 'http://localhost:3000/thanks', fields: { name: 'Ada', budget: 'yes' } }, email: 'ada@example.com' },
      ],
      ['engage', null, { engagedMs: 42_000 }],
      ['download', null, { href: 'http://localhost:3000/whitepaper.pdf' }],
      ['track', 'webinar_signup', { custom: { webinar: 'q4' } }],
    ]);
  });
});

describe('CORS and rate limiting', () => {
  it('answers a preflight for allowed origins only', async () => {
    const ok = await k.app.request('/e', {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:8080', 'access-control-request-method': 'POST' },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8080');
    const bad = await k.app.request('/e', { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    expect(bad.status).toBe(403);
    expect(bad.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('limits requests per site and IP with 429 and Retry-After', async () => {
    const limited = await startTestKindling({ rateLimit: { requestsPerSecond: 1, burst: 3 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await postEvents(limited, batch([pageview()]), {}, '203.0.113.5')).status);
      expect(statuses).toEqual([202, 202, 202, 429, 429]);
      const res = await postEvents(limited, batch([pageview()]), {}, '203.0.113.5');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // another IP has its own bucket
      expect((await postEvents(limited, batch([pageview()]), {}, '203.0.113.6')).status).toBe(202);
      expect(await countEvents(limited)).toBe(4);
    } finally {
      await limited.cleanup();
    }
  });
});

describe('the answer', () => {
  /** Everything a browser sees of an answer. */
  const seen = async (res: Response) => ({
    status: res.status,
    body: await res.text(),
    type: res.headers.get('content-type'),
    allowOrigin: res.headers.get('access-control-allow-origin'),
    vary: res.headers.get('vary'),
  });
  const accepted = { status: 202, body: '{"ok":true}', type: 'application/json', allowOrigin: 'http://localhost:3000', vary: 'Origin' };

  it('is the same 202 with CORS for a stored batch and a silently dropped one', async () => {
    expect(await seen(await postEvents(k, batch([pageview()])))).toEqual(accepted);
    expect(await seen(await postEvents(k, batch([pageview()]), { 'user-agent': 'curl/8.5.0' }))).toEqual(accepted);
    expect(await seen(await postEvents(k, batch([pageview()]), { dnt: '1' }))).toEqual(accepted);
    expect(await countEvents(k)).toBe(1);
  });

  it('carries CORS on the errors that come after the origin passed, so the page can read them', async () => {
    const limited = await startTestKindling({ rateLimit: { requestsPerSecond: 1, burst: 1 } });
    try {
      await postEvents(limited, batch([pageview()]), {}, '203.0.113.9');
      const tooMany = await postEvents(limited, batch([pageview()]), {}, '203.0.113.9');
      expect(tooMany.status).toBe(429);
      expect(tooMany.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
      expect(tooMany.headers.get('vary')).toBe('Origin');
      expect(Number(tooMany.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    } finally {
      await limited.cleanup();
    }
    const badUrl = await postEvents(k, batch([pageview('ftp://x/')]));
    expect(badUrl.status).toBe(400);
    expect(badUrl.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    const foreign = await postEvents(k, batch([pageview()]), { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('the network lookup', () => {
  it('is asked once per address; the remembered facts are equal and frozen', () => {
    const asked: string[] = [];
    const lookup = rememberedLookup({
      lookup: (ip): NetworkFacts | null => {
        asked.push(ip);
        return ip.startsWith('10.') ? null : { asn: 3320, org: 'Deutsche Telekom AG', country: 'DE' };
      },
    });
    const first = lookup('203.0.113.7');
    expect(lookup('203.0.113.7')).toBe(first);
    expect(first).toEqual({ asn: 3320, org: 'Deutsche Telekom AG', country: 'DE' });
    expect(Object.isFrozen(first)).toBe(true);
    expect(lookup('10.0.0.1')).toBeNull();
    expect(lookup('10.0.0.1')).toBeNull();
    expect(asked).toEqual(['203.0.113.7', '10.0.0.1']);
  });
});

describe('the route', () => {
  it('runs two handlers on POST /e, the client address and the route itself (each more is an async step per request)', () => {
    const [handlers] = k.app.router.match('POST', '/e') as unknown as [unknown[]];
    expect(handlers).toHaveLength(2);
  });
});
