import { describe, expect, it } from 'vitest';
import { anonymizeIp } from './ip.js';
import { createOriginMatcher, requestOrigin } from './origins.js';
import { createRateLimiter } from './rate-limit.js';
import { parsePageUrl, referrerHost } from './url.js';
import { clampTimestamp, MAX_EVENT_AGE_MS } from './enrich.js';

describe('anonymizeIp', () => {
  it.each([
    ['203.0.113.77', '203.0.113.0'],
    ['::ffff:203.0.113.77', '203.0.113.0'],
    ['2001:db8:abcd:12:1:2:3:4', '2001:db8:abcd::'],
    ['2001:0DB8:00ab::1', '2001:db8:ab::'],
    ['::1', '0:0:0::'],
    ['fe80::1ff:fe23:4567:890a', 'fe80:0:0::'],
    ['not-an-ip', null],
    ['', null],
    [null, null],
  ])('%s → %s', (ip, expected) => expect(anonymizeIp(ip)).toBe(expected));
});

describe('origins', () => {
  const allows = createOriginMatcher(['https://example.com', 'http://localhost:*', 'https://*.shop.io']);
  it.each([
    ['https://example.com', true],
    ['https://example.com:8443', false],
    ['http://example.com', false],
    ['http://localhost:3000', true],
    ['http://localhost', true],
    ['https://eu.shop.io', true],
    ['https://shop.io', false],
    ['https://example.com.evil.net', false],
  ])('%s → %s', (origin, ok) => expect(allows(origin)).toBe(ok));
  it('falls back to the Referer origin', () => {
    expect(requestOrigin(undefined, 'https://example.com/a?b')).toBe('https://example.com');
    expect(requestOrigin('null', undefined)).toBeNull();
  });
});

describe('rate limiter', () => {
  it('refills continuously and forgets idle buckets', () => {
    const limiter = createRateLimiter({ ratePerSecond: 2, burst: 2, maxKeys: 2 });
    expect(limiter.take('a', 0)).toBeNull();
    expect(limiter.take('a', 0)).toBeNull();
    expect(limiter.take('a', 0)).toBe(1);
    expect(limiter.take('a', 500)).toBeNull(); // half a second refills one token
    limiter.take('b', 500);
    limiter.take('c', 5000); // a and b are full again by now: pruned
    expect(limiter.size).toBe(1);
  });
});

describe('URLs', () => {
  it('parses path and UTM, and refuses non-http URLs', () => {
    expect(parsePageUrl('https://x.io/a%20b?utm_source=%20li%20')).toMatchObject({ path: '/a b', utm: { source: 'li' } });
    expect(parsePageUrl('mailto:a@b.c')).toBeNull();
    expect(parsePageUrl('nonsense')).toBeNull();
  });
  it('reduces a referrer to its host', () => {
    expect(referrerHost('https://www.Google.com/search?q=1')).toBe('google.com');
    expect(referrerHost('android-app://com.slack')).toBeNull();
  });
  it('clamps timestamps into [now - 7 days, now]', () => {
    expect(clampTimestamp(2000, 1000)).toBe(1000);
    expect(clampTimestamp(0, MAX_EVENT_AGE_MS + 10)).toBe(10);
  });
});
