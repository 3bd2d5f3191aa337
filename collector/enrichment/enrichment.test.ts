import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clearbitProvider } from './clearbit.js';
import { offlineProvider } from './offline.js';
import { EnrichmentRefusedError, EnrichmentUnavailableError } from './provider.js';
import { createNetworkLookup } from '../network/lookup.js';
import { FIXTURE_NETWORKS, fixtureDatabases } from '../../test/support/network-fixture.js';
import { CLEARBIT_SIEMENS, startClearbitServer, type ClearbitServer } from '../../test/support/clearbit.js';

const KEY = 'sk_test_kindling';
let clearbit: ClearbitServer;
beforeAll(async () => {
  clearbit = await startClearbitServer({
    key: KEY,
    companiesByIp: { '198.51.100.7': CLEARBIT_SIEMENS, '203.0.113.9': null },
    companiesByDomain: { 'siemens.com': CLEARBIT_SIEMENS },
  });
});
afterAll(() => clearbit.close());
beforeEach(() => {
  clearbit.requests.length = 0;
  clearbit.failWith.length = 0;
});

const provider = (key = KEY) => clearbitProvider({ revealUrl: clearbit.url, companyUrl: clearbit.url, key });

describe('the Clearbit adapter against a local server speaking its shapes', () => {
  it('by IP (Reveal): name, domain, industry, size, with its source; Bearer key; the IP in the query', async () => {
    expect(await provider().lookup({ ip: '198.51.100.7' })).toEqual({
      name: 'Siemens',
      domain: 'siemens.com',
      industry: 'Electrical Equipment',
      size: '100K+',
      source: 'clearbit',
    });
    expect(clearbit.requests).toEqual([{ url: '/v1/companies/find?ip=198.51.100.7', auth: `Bearer ${KEY}` }]);
  });

  it('by domain (Company API)', async () => {
    expect(await provider().lookup({ domain: 'siemens.com' })).toMatchObject({ name: 'Siemens', size: '100K+' });
    expect(clearbit.requests[0]!.url).toBe('/v2/companies/find?domain=siemens.com');
  });

  it('an ISP (no company) and an unknown record are "unknown"; 429 and 5xx are retryable errors', async () => {
    expect(await provider().lookup({ ip: '203.0.113.9' })).toBeNull();
    expect(await provider().lookup({ ip: '192.0.2.1' })).toBeNull();
    expect(await provider().lookup({ domain: 'nobody.example' })).toBeNull();
    for (const status of [429, 502, 202]) {
      clearbit.failWith.push(status);
      await expect(provider().lookup({ ip: '198.51.100.7' })).rejects.toBeInstanceOf(EnrichmentUnavailableError);
    }
    for (const status of [400, 402]) {
      clearbit.failWith.push(status);
      await expect(provider().lookup({ ip: '198.51.100.7' })).rejects.toBeInstanceOf(EnrichmentRefusedError);
    }
  });

  it('a refused key is an error that does not carry the key', async () => {
    const err = await provider('sk_wrong_secret')
      .lookup({ ip: '198.51.100.7' })
      .catch((e: Error) => e);
    expect(err).toBeInstanceOf(EnrichmentRefusedError);
    expect((err as Error).message).toBe('clearbit: the key was refused (HTTP 401)');
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
