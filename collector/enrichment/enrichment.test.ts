import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clearbitProvider } from './clearbit.js';
import { cachedProvider } from './cached.js';
import { offlineProvider } from './offline.js';
import { EnrichmentBudgetError, EnrichmentUnavailableError } from './provider.js';
import { createNetworkLookup } from '../network/lookup.js';
import { FIXTURE_NETWORKS, fixtureDatabases } from '../../test/support/network-fixture.js';

const KEY = 'sk_test_kindling';
const SIEMENS = {
  name: 'Siemens',
  domain: 'siemens.com',
  category: { sector: 'Industrials', industry: 'Electrical Equipment' },
  metrics: { employees: 311000, employeesRange: '100K+' },
};

/** A local server answering as Clearbit's Reveal and Company APIs are documented to. */
let server: Server;
let base: string;
const requests: { url: string; auth: string | undefined }[] = [];
let failNext: number | null = null;
beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push({ url: req.url!, auth: req.headers.authorization });
    const url = new URL(req.url!, 'http://x');
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.headers.authorization !== `Bearer ${KEY}`) return json(401, { error: { type: 'auth_required' } });
    if (failNext) return json(failNext, { error: { type: 'rate_limit' } });
    if (url.pathname === '/v1/companies/find') {
      const ip = url.searchParams.get('ip');
      if (ip === '198.51.100.7')
        return json(200, { ip, fuzzy: false, domain: 'siemens.com', type: 'company', company: SIEMENS, geoIP: { country: 'DE' } });
      if (ip === '203.0.113.9') return json(200, { ip, fuzzy: true, domain: null, type: 'isp', company: null, geoIP: {} });
      return json(404, { error: { type: 'unknown_record' } });
    }
    if (url.pathname === '/v2/companies/find') {
      if (url.searchParams.get('domain') === 'siemens.com') return json(200, SIEMENS);
      return json(404, { error: { type: 'unknown_record' } });
    }
    json(404, {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));
beforeEach(() => {
  requests.length = 0;
  failNext = null;
});

const provider = (key = KEY) => clearbitProvider({ revealUrl: base, companyUrl: base, key });

describe('the Clearbit adapter against a local server speaking its shapes', () => {
  it('by IP (Reveal): name, domain, industry, size, with its source; Bearer key; the IP in the query', async () => {
    expect(await provider().lookup({ ip: '198.51.100.7' })).toEqual({
      name: 'Siemens',
      domain: 'siemens.com',
      industry: 'Electrical Equipment',
      size: '100K+',
      source: 'clearbit',
    });
    expect(requests).toEqual([{ url: '/v1/companies/find?ip=198.51.100.7', auth: `Bearer ${KEY}` }]);
  });

  it('by domain (Company API)', async () => {
    expect(await provider().lookup({ domain: 'siemens.com' })).toMatchObject({ name: 'Siemens', size: '100K+' });
    expect(requests[0]!.url).toBe('/v2/companies/find?domain=siemens.com');
  });

  it('an ISP (no company) and an unknown record are "unknown"; 429 and 5xx are retryable errors', async () => {
    expect(await provider().lookup({ ip: '203.0.113.9' })).toBeNull();
    expect(await provider().lookup({ ip: '192.0.2.1' })).toBeNull();
    expect(await provider().lookup({ domain: 'nobody.example' })).toBeNull();
    for (const status of [429, 502, 202]) {
      failNext = status;
      await expect(provider().lookup({ ip: '198.51.100.7' })).rejects.toBeInstanceOf(EnrichmentUnavailableError);
    }
  });

  it('a refused key is an error that does not carry the key', async () => {
    const err = await provider('sk_wrong_secret')
      .lookup({ ip: '198.51.100.7' })
      .catch((e: Error) => e);
    expect(err).toBeInstanceOf(EnrichmentUnavailableError);
    expect((err as Error).message).toBe('clearbit: the key was refused (HTTP 401)');
  });
});

describe('cache and daily budget', () => {
  it('answers from the cache within the TTL, counts calls per UTC day, refuses past the budget', async () => {
    let now = Date.UTC(2026, 0, 1, 23, 0);
    const cached = cachedProvider(provider(), { ttlMs: 3600_000, callsPerDay: 2, clock: () => now });
    await cached.lookup({ ip: '198.51.100.7' });
    await cached.lookup({ ip: '198.51.100.7' });
    expect(requests).toHaveLength(1);
    await cached.lookup({ ip: '192.0.2.1' });
    await cached.lookup({ ip: '192.0.2.1' }); // an unknown answer is cached too
    expect(requests).toHaveLength(2);
    expect(cached.callsToday).toBe(2);
    await expect(cached.lookup({ ip: '198.51.100.99' })).rejects.toBeInstanceOf(EnrichmentBudgetError);
    now += 2 * 3600_000; // the next UTC day: a new budget, and the cache has expired
    expect(await cached.lookup({ ip: '198.51.100.7' })).toMatchObject({ name: 'Siemens' });
    expect(requests).toHaveLength(3);
  });
});

describe('the offline provider', () => {
  const offline = offlineProvider(createNetworkLookup(fixtureDatabases()));
  it('names a business network, and nothing for an ISP, a university, a cloud or a domain', async () => {
    expect(await offline.lookup({ ip: FIXTURE_NETWORKS.business.sample })).toEqual({
      name: 'Siemens AG',
      domain: null,
      industry: null,
      size: null,
      source: 'offline',
    });
    for (const n of [FIXTURE_NETWORKS.isp, FIXTURE_NETWORKS.university, FIXTURE_NETWORKS.cloud])
      expect(await offline.lookup({ ip: n.sample })).toBeNull();
    expect(await offline.lookup({ domain: 'siemens.com' })).toBeNull();
  });
});
