import { describe, expect, it } from 'vitest';
import { testConfig } from '../config/index.js';
import { enrichBatch } from './enrich.js';
import { createSiteRegistry } from './sites.js';
import { parseUserAgent } from './user-agent.js';
import { wireBatchSchema } from './wire.js';

const site = createSiteRegistry(testConfig().sites).get('demo')!;
const userAgent = parseUserAgent('Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0');
const network = { asn: 3320, org: 'Deutsche Telekom AG', country: 'DE' };
const T = Date.UTC(2026, 0, 1);

const batch = wireBatchSchema.parse({
  s: 'demo',
  v: '0190f5a0c0de7000800000000000abcd',
  e: [
    { i: 'a1', t: 'pageview', ts: T, u: 'https://acme.test/' },
    { i: 'a2', t: 'pageview', ts: T, u: 'https://acme.test/pricing' },
    { i: 'a3', t: 'engage', ts: T, u: 'https://acme.test/pricing', d: 4000 },
    { i: 'a4', t: 'identify', ts: T, u: 'https://acme.test/pricing', em: 'ada@acme.io', tr: { title: 'CTO' } },
  ],
});

describe('enrichBatch: the network in props', () => {
  it("adds the network's facts after the event's own props (the stored JSON text as before), to each event its own object", () => {
    const events = enrichBatch(batch, site, { receivedAt: T, ip: null, userAgent, network });
    expect(events.map((e) => JSON.stringify(e.props))).toEqual([
      `{"network":${JSON.stringify(network)}}`,
      `{"network":${JSON.stringify(network)}}`,
      `{"engagedMs":4000,"network":${JSON.stringify(network)}}`,
      `{"email":"ada@acme.io","traits":{"title":"CTO"},"network":${JSON.stringify(network)}}`,
    ]);
    expect(new Set(events.map((e) => e.props)).size).toBe(events.length);
    expect(network).toEqual({ asn: 3320, org: 'Deutsche Telekom AG', country: 'DE' });
  });

  it('adds nothing without facts, and a later batch with facts does not reach an earlier one', () => {
    const without = enrichBatch(batch, site, { receivedAt: T, ip: null, userAgent, network: null });
    enrichBatch(batch, site, { receivedAt: T, ip: null, userAgent, network });
    expect(without.map((e) => JSON.stringify(e.props))).toEqual([
      '{}',
      '{}',
      '{"engagedMs":4000}',
      '{"email":"ada@acme.io","traits":{"title":"CTO"}}',
    ]);
  });
});
