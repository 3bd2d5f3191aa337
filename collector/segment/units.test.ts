import { describe, expect, it } from 'vitest';
import { canonicalJson, contentMessageId, eventIdFor, visitorIdFor } from './ids.js';
import { eventTime, MAX_BACKFILL_MS, parseSegmentTime, unreadableTimes } from './time.js';
import { flattenTraits, companyTraits, snakeCase, TRAIT_LIMITS } from './traits.js';
import { basicUser } from './auth.js';

describe('ids', () => {
  it('keeps plain ids readable and hashes the rest into a fixed shape', () => {
    expect(visitorIdFor('019mr8mf4r')).toBe('seg:019mr8mf4r');
    expect(visitorIdFor('507f191e-810c_19729')).toBe('seg:507f191e-810c_19729');
    expect(visitorIdFor('jen@email.com')).toMatch(/^seg:h:[A-Za-z0-9_-]{22}$/);
    expect(visitorIdFor('x'.repeat(65))).toMatch(/^seg:h:/);
    expect(visitorIdFor('jen@email.com')).toBe(visitorIdFor('jen@email.com'));
    expect(eventIdFor('022bb90c-bbac-11e4-8dfc-aa07a5b093db')).toBe('seg-022bb90c-bbac-11e4-8dfc-aa07a5b093db');
    expect(eventIdFor('ajs-next-1700000000000-a1b2c3d4-e5f6-7890-abcd-ef0123456789-x1')).toMatch(/^segh-[A-Za-z0-9_-]{43}$/);
    expect(eventIdFor('a b')).not.toBe(eventIdFor('a_b'));
  });

  it('canonical JSON ignores key order at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
  });

  it('a content id ignores sentAt and the key order; without a timestamp it includes the receive time', () => {
    const m = { type: 'track', userId: 'u', event: 'e', timestamp: '2025-01-01T00:00:00Z' };
    expect(contentMessageId({ ...m, sentAt: 'x' }, 1)).toBe(
      contentMessageId({ timestamp: m.timestamp, event: 'e', userId: 'u', type: 'track' }, 2),
    );
    const untimed = { type: 'track', userId: 'u', event: 'e' };
    expect(contentMessageId(untimed, 1)).not.toBe(contentMessageId(untimed, 2));
  });
});

describe('time', () => {
  const now = Date.parse('2025-03-10T12:00:00Z');
  it('reads ISO strings (also with a single-digit month), ms numbers, and refuses the rest', () => {
    expect(parseSegmentTime('2015-2-02T00:30:08.276Z')).toBe(Date.parse('2015-02-02T00:30:08.276Z'));
    expect(parseSegmentTime('2015-12-10T04:08:31.905Z')).toBe(Date.parse('2015-12-10T04:08:31.905Z'));
    expect(parseSegmentTime(1700000000000)).toBe(1700000000000);
    expect(parseSegmentTime('yesterday')).toBeNull();
    expect(parseSegmentTime(-1)).toBeNull();
    expect(unreadableTimes({ timestamp: 'x', sentAt: '2025-01-01T00:00:00Z' })).toEqual(['timestamp']);
  });

  it('timestamp, else originalTimestamp, else the receive time; skew-corrected by sentAt; clamped', () => {
    expect(eventTime({}, now)).toBe(now);
    expect(eventTime({ originalTimestamp: now - 5000 }, now)).toBe(now - 5000);
    expect(eventTime({ timestamp: now - 1000, originalTimestamp: now - 5000 }, now)).toBe(now - 1000);
    // Sender clock 2 minutes slow: sent "now − 2 min", happened 30 s before sending.
    expect(eventTime({ timestamp: now - 150_000, sentAt: now - 120_000 }, now)).toBe(now - 30_000);
    expect(eventTime({ timestamp: now + 60_000 }, now)).toBe(now);
    expect(eventTime({ timestamp: now - MAX_BACKFILL_MS - 1 }, now)).toBe(now - MAX_BACKFILL_MS);
    expect(eventTime({ timestamp: now - 400 * 86_400_000 }, now)).toBe(now - 400 * 86_400_000);
  });
});

describe('traits', () => {
  it('snake_cases keys as Segment treats createdAt and created_at alike', () => {
    expect(['firstName', 'created_at', 'total billed', 'employeeCount', 'HTTPStatus', '9lives', 'Company-Size'].map(snakeCase)).toEqual([
      'first_name',
      'created_at',
      'total_billed',
      'employee_count',
      'http_status',
      't_9lives',
      'company_size',
    ]);
  });

  it('flattens nested objects, joins scalar arrays, maps the company object, fills in the name', () => {
    expect(
      flattenTraits(
        {
          email: 'skip@me.io',
          firstName: 'Peter',
          lastName: 'Gibbons',
          title: 'VP Engineering',
          address: { city: 'Austin', geo: { lat: 1 } },
          tags: ['a', 'b', 3],
          company: { name: 'Initech', employee_count: 329, plan: 'enterprise' },
          skipped: [{ x: 1 }],
          long: 'z'.repeat(600),
        },
        ['email'],
      ),
    ).toEqual({
      first_name: 'Peter',
      last_name: 'Gibbons',
      name: 'Peter Gibbons',
      title: 'VP Engineering',
      address_city: 'Austin',
      address_geo_lat: 1,
      tags: 'a, b, 3',
      company: 'Initech',
      company_size: 329,
      company_plan: 'enterprise',
      long: 'z'.repeat(TRAIT_LIMITS.valueLength),
    });
  });

  it('keeps at most 50 traits', () => {
    const many = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`k${i}`, i]));
    expect(Object.keys(flattenTraits(many))).toHaveLength(TRAIT_LIMITS.maxKeys);
  });

  it('group traits: name is the company, employees its size, the rest prefixed', () => {
    expect(companyTraits({ name: 'Initech', industry: 'Technology', employees: 329, 'total billed': 830 })).toEqual({
      company: 'Initech',
      company_industry: 'Technology',
      company_size: 329,
      company_total_billed: 830,
    });
  });
});

describe('basicUser', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  it('reads the user name of a Basic credential and nothing else', () => {
    expect(basicUser(`Basic ${b64('abc123:')}`)).toBe('abc123');
    expect(basicUser(`basic ${b64('abc123:ignored')}`)).toBe('abc123');
    expect(basicUser(`Basic ${b64('abc123')}`)).toBe('abc123');
    expect(basicUser(`Bearer ${b64('abc123:')}`)).toBeNull();
    expect(basicUser('Basic')).toBeNull();
    expect(basicUser(undefined)).toBeNull();
    expect(basicUser(`Basic ${b64(':pw')}`)).toBeNull();
  });
});
