import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestKindling, postEvents, batch, pageview, eventId, type TestKindling } from './support/kindling.js';
import { FIXTURE_NETWORKS, fixtureDatabaseFiles } from './support/network-fixture.js';
import { rows } from './support/query.js';
import { CLEARBIT_SIEMENS, startClearbitServer, type ClearbitServer } from './support/clearbit.js';
import { testStoreKind } from './support/store-choice.js';
import { RETRY_SCHEDULE_MS } from '../collector/enrichment/drain.js';

/**
 * Enrichment wired end to end: ingest queues lookups in the events' transaction, a collector drains
 * the queue against a local server answering as Clearbit's Reveal and Company APIs are documented to
 * (Bearer key; Reveal `{ ip, domain, fuzzy, type, company, geoIP }`, Company the company object, 404
 * unknown), and the answers show on the account and as traits with their source on the lead.
 */
const KEY = 'sk_test_enrichment_key';
let clearbit: ClearbitServer;
let base: string;
beforeAll(async () => {
  clearbit = await startClearbitServer({
    key: KEY,
    companiesByIp: { '198.51.100.0': CLEARBIT_SIEMENS },
    companiesByDomain: { 'siemens.com': CLEARBIT_SIEMENS },
  });
  base = clearbit.url;
});
afterAll(() => clearbit.close());
/** The paths and queries the provider was asked. */
const requests = () => clearbit.requests.map((r) => r.url);

const databases = fixtureDatabaseFiles();
let now = Date.now();
const kits: TestKindling[] = [];
async function open(enrichment: Record<string, unknown> = {}, extra: Record<string, unknown> = {}, storeOf?: TestKindling) {
  const k = await startTestKindling(
    {
      accounts: { ...databases },
      enrichment: { provider: 'clearbit', revealUrl: base, companyUrl: base, checkEverySeconds: 86_400, ...enrichment },
      ...extra,
    } as never,
    { env: { KINDLING_ENRICHMENT_KEY: KEY }, clock: () => now, storeOf },
  );
  kits.push(k);
  return k;
}
beforeEach(() => {
  clearbit.requests.length = 0;
  clearbit.failWith.length = 0;
  now = Date.now();
});
afterEach(async () => {
  for (const k of kits.reverse()) await k.cleanup();
  kits.length = 0;
});

const visitor = (n: number) => `0190a6f1e2b37c4d8e9fa0b1c2d3f${n.toString(16).padStart(3, '0')}`;
const SIEMENS_IP: string = FIXTURE_NETWORKS.business.sample;
async function visit(k: TestKindling, n: number, ip = SIEMENS_IP, headers: Record<string, string> = {}) {
  expect((await postEvents(k, batch([pageview()], { v: visitor(n), ss: `s${n}` }), headers, ip)).status).toBe(202);
}
async function identify(k: TestKindling, n: number, email: string, ip = SIEMENS_IP) {
  const event = { i: eventId(), t: 'identify', ts: Date.now(), u: 'http://localhost:3000/', em: email, tr: { title: 'CTO' } };
  expect((await postEvents(k, batch([event], { v: visitor(n) }), {}, ip)).status).toBe(202);
}
const api = async (k: TestKindling, path: string) => {
  const res = await k.app.request(path, { headers: { authorization: `Bearer ${k.adminToken}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as any;
};
const queue = (k: TestKindling) =>
  rows<{ subject: string; query_kind: string; query_value: string; state: string; attempts: number }>(
    k,
    'SELECT subject, query_kind, query_value, state, attempts FROM enrichment ORDER BY subject',
  );

describe('enrichment off the hot path', () => {
  it('ingest queues the network by its stored address (never the raw one); a drain calls Reveal once and names the account', async () => {
    const k = await open();
    await visit(k, 1);
    await visit(k, 2);
    expect(requests()).toEqual([]); // nothing called while ingesting
    expect(await queue(k)).toEqual([{ subject: 'n:64500', query_kind: 'ip', query_value: '198.51.100.0', state: 'queued', attempts: 0 }]);
    expect(await k.drainEnrichment()).toBe(1);
    expect(requests()).toEqual(['/v1/companies/find?ip=198.51.100.0']);
    const accounts = (await api(k, '/api/accounts')).accounts as any[];
    expect(accounts.find((a) => a.key === 'n:64500')).toMatchObject({ name: 'Siemens' });
    // The cache: more visits from the network queue nothing and call nothing.
    await visit(k, 3);
    expect(await k.drainEnrichment()).toBe(0);
    expect(requests()).toHaveLength(1);
  });

  it("an identified person's company: looked up by domain, its answers traits with their source on the lead page", async () => {
    const k = await open();
    await identify(k, 1, 'ada@siemens.com');
    await k.drainEnrichment();
    expect(requests()).toContain('/v2/companies/find?domain=siemens.com');
    const [lead] = (await api(k, '/api/leads')).leads as any[];
    const detail = await api(k, `/api/leads/${lead.id}`);
    expect(detail.lead.traits).toMatchObject({
      'company.name': { value: 'Siemens', source: 'clearbit' },
      'company.domain': { value: 'siemens.com', source: 'clearbit' },
      'company.industry': { value: 'Electrical Equipment', source: 'clearbit' },
      'company.size': { value: '100K+', source: 'clearbit' },
    });
    expect(detail.lead.traits.title).toMatchObject({ value: 'CTO', source: 'stated' });
    const accounts = (await api(k, '/api/accounts')).accounts as any[];
    expect(accounts.find((a) => a.key === 'd:siemens.com')).toMatchObject({ name: 'Siemens' });
  });

  it('the daily budget stops calls; the rest waits for the next UTC day', async () => {
    const k = await open({ dailyBudget: 1 });
    await identify(k, 1, 'ada@siemens.com');
    await identify(k, 2, 'bob@globex.io', FIXTURE_NETWORKS.isp.sample);
    expect(await k.drainEnrichment()).toBe(1);
    expect(await k.drainEnrichment()).toBe(0);
    expect(requests()).toHaveLength(1);
    expect((await queue(k)).filter((q) => q.state === 'queued')).toHaveLength(1);
    now += 86_400_000;
    expect(await k.drainEnrichment()).toBe(1);
    expect(requests()).toHaveLength(2);
  });

  it('retries 5xx and 429 after the schedule, gives up on another 4xx', async () => {
    const k = await open();
    await identify(k, 1, 'ada@siemens.com');
    clearbit.failWith.push(502, 429);
    expect(await k.drainEnrichment()).toBe(1);
    expect(await queue(k)).toMatchObject([{ subject: 'd:siemens.com', state: 'queued', attempts: 1 }]);
    expect(await k.drainEnrichment()).toBe(0); // not due yet
    now += RETRY_SCHEDULE_MS[0];
    expect(await k.drainEnrichment()).toBe(1);
    expect(await queue(k)).toMatchObject([{ state: 'queued', attempts: 2 }]);
    now += RETRY_SCHEDULE_MS[1];
    expect(await k.drainEnrichment()).toBe(1);
    expect(await queue(k)).toMatchObject([{ state: 'done', attempts: 0 }]);

    await identify(k, 2, 'eve@globex.io', FIXTURE_NETWORKS.isp.sample);
    clearbit.failWith.push(400);
    expect(await k.drainEnrichment()).toBe(1);
    expect((await queue(k)).find((q) => q.subject === 'd:globex.io')).toMatchObject({ state: 'failed' });
    now += RETRY_SCHEDULE_MS[4];
    expect(await k.drainEnrichment()).toBe(0);
    expect(requests()).toHaveLength(4);
  });

  it('privacy: no address lookup when addresses are not kept, the site does not reveal, or the browser sends DNT or GPC', async () => {
    const noIp = await open({}, { privacy: { storeIp: 'none' } });
    await visit(noIp, 1);
    expect(await queue(noIp)).toEqual([]);
    const signals = await open({}, { privacy: { honorDoNotTrack: false, honorGlobalPrivacyControl: false } });
    await visit(signals, 1, SIEMENS_IP, { dnt: '1' });
    await visit(signals, 2, SIEMENS_IP, { 'sec-gpc': '1' });
    expect(await queue(signals)).toEqual([]);
    const noReveal = await open({}, { sites: [{ key: 'demo', name: 'Demo', origins: ['http://localhost:3000'], reveal: false }] });
    await visit(noReveal, 1);
    expect(await queue(noReveal)).toEqual([]);
    expect(requests()).toEqual([]);
  });
});

describe.skipIf(testStoreKind() !== 'postgres')('a fleet on PostgreSQL', () => {
  it('two collectors draining at once call the provider once per item, and share the budget', async () => {
    const a = await open({ dailyBudget: 5 });
    const b = await open({ dailyBudget: 5 }, {}, a);
    for (let n = 0; n < 8; n++) await identify(n % 2 ? a : b, n, `p${n}@company${n}.example`, FIXTURE_NETWORKS.isp.sample);
    const [callsA, callsB] = await Promise.all([a.drainEnrichment(), b.drainEnrichment()]);
    expect(callsA + callsB).toBe(5);
    expect(requests()).toHaveLength(5);
    expect(new Set(requests()).size).toBe(5);
    expect(await Promise.all([a.drainEnrichment(), b.drainEnrichment()])).toEqual([0, 0]);
  });
});
