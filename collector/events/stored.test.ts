import { describe, expect, it } from 'vitest';
import type { NewEvent } from './types.js';
import { storedEvent } from './stored.js';

/** Every field set, each to a value no other field has: a field dropped or mixed up shows. */
const EVERY_FIELD: NewEvent = {
  site: 'site-a',
  eventId: 'event-1',
  visitorId: 'visitor-1',
  sessionId: 'session-1',
  type: 'form',
  name: 'demo',
  ts: 1,
  receivedAt: 2,
  url: 'https://acme.test/pricing?utm_source=s',
  path: '/pricing',
  pageClass: 'pricing',
  title: 'Pricing',
  referrerHost: 'referrer.test',
  utmSource: 's',
  utmMedium: 'm',
  utmCampaign: 'c',
  utmTerm: 't',
  utmContent: 'o',
  props: { email: 'ada@acme.io', form: { id: 'demo', fields: { budget: 'yes' } } },
  browser: 'Firefox',
  os: 'Linux',
  device: 'desktop',
  ip: '203.0.113.0',
};

describe('storedEvent', () => {
  it('keeps every field of the new event, adds its seq and no lead, and leaves the new event as it was', () => {
    const before = structuredClone(EVERY_FIELD);
    const stored = storedEvent(EVERY_FIELD, 42);
    expect(stored).toStrictEqual({ ...before, seq: 42, leadId: null });
    expect(Object.keys(stored)).toHaveLength(Object.keys(EVERY_FIELD).length + 2);
    expect(EVERY_FIELD).toStrictEqual(before);
    expect(stored.props).toBe(EVERY_FIELD.props);
  });
});
