import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_ENGAGEMENT_RULES } from '../engine/rules/defaults.js';
import { startTestKindling, postEvents, batch, pageview, eventId } from '../../test/support/kindling.js';
import { FIXTURE_NETWORKS, fixtureDatabaseFiles } from '../../test/support/network-fixture.js';
import { startReceiver, type Receiver } from '../../test/support/alerts.js';
import { verify } from '../alerts/signature/index.js';
import { ACTIVITY_FINGERPRINT_KEY, rebuildAccounts, type Transact } from './rebuild.js';

type K = Awaited<ReturnType<typeof startTestKindling>>;
let k: K;
let receiver: Receiver;
const SECRET = 'whsec_' + Buffer.from('accounts-test-secret-0123456789').toString('base64');
const databases = fixtureDatabaseFiles();

async function open(extra: Record<string, unknown> = {}, sites?: unknown) {
  receiver = await startReceiver();
  k = await startTestKindling({
    accounts: { ...databases, ...extra } as never,
    webhooks: {
      allowPrivateTargets: 'loopback',
      endpoints: [{ url: `${receiver.url}/hook`, secret: SECRET, events: ['account.surging'] }],
    },
    ...(sites ? { sites: sites as never } : {}),
  });
}
beforeEach(() => open());
afterEach(async () => {
  await k.cleanup();
  await receiver.close();
});

const visitor = (n: number) => `0190a6f1e2b37c4d8e9fa0b1c2d3e${n.toString(16).padStart(3, '0')}`;
const PRICING = 'http://localhost:3000/pricing';
async function visit(n: number, ip: string, headers: Record<string, string> = {}, url = PRICING) {
  const res = await postEvents(k, batch([pageview(url)], { v: visitor(n), ss: `s${n}` }), headers, ip);
  expect(res.status).toBe(202);
}
const api = async (path: string) => {
  const res = await k.app.request(path, { headers: { authorization: `Bearer ${k.adminToken}` } });
  return { status: res.status, body: (await res.json()) as any };
};
const accounts = async (query = '') => (await api(`/api/accounts${query}`)).body.accounts as any[];

describe('accounts from business networks', () => {
  it('three browsers on one business network: a network account that surges once, signed webhook', async () => {
    const net = FIXTURE_NETWORKS.business;
    await visit(1, net.sample);
    await visit(2, '198.51.100.8');
    expect((await accounts())[0]).toMatchObject({ key: 'n:64500', stage: 'engaged', anonymous: 2, surgedAt: null });
    await visit(3, '198.51.100.9');
    const [a] = await accounts();
    expect(a).toMatchObject({
      key: 'n:64500',
      name: 'Siemens AG',
      match: 'network',
      country: 'DE',
      stage: 'surging',
      people: 0,
      anonymous: 3,
      activeMembers: 3,
      pricingViewsWeek: 3,
      summary: '3 pricing views this week, 3 anonymous browsers from its network',
    });
    await receiver.waitFor(1);
    const delivery = receiver.received[0]!;
    const body = JSON.parse(delivery.body);
    expect(body).toMatchObject({
      type: 'account.surging',
      account: { key: 'n:64500', name: 'Siemens AG', match: 'network', asn: 64500, country: 'DE' },
      figures: { anonymous: 3, activeMembers: 3 },
      triggers: ['members'],
      ownerId: null,
    });
    expect(verify(SECRET, delivery.headers as Record<string, string>, delivery.body)).toBe(body.id);
    // Latched: a fourth browser is still the same surge.
    await visit(4, '198.51.100.10');
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received).toHaveLength(1);
  });

  it.each([
    ['an ISP', FIXTURE_NETWORKS.isp.sample],
    ['a university', FIXTURE_NETWORKS.university.sample],
    ['a cloud', FIXTURE_NETWORKS.cloud.sample],
    ['an unknown network', '10.9.8.7'],
  ])('visitors from %s are no account', async (_, ip) => {
    for (const n of [1, 2, 3]) await visit(n, ip);
    expect(await accounts()).toEqual([]);
  });

  it('DNT or GPC browsers are not revealed, even where their events are kept', async () => {
    await k.cleanup();
    await receiver.close();
    receiver = await startReceiver();
    k = await startTestKindling({
      accounts: databases as never,
      privacy: { storeIp: 'anonymized', honorDoNotTrack: false, honorGlobalPrivacyControl: false },
    });
    await visit(1, FIXTURE_NETWORKS.business.sample, { dnt: '1' });
    await visit(2, FIXTURE_NETWORKS.business.sample, { 'sec-gpc': '1' });
    expect(await accounts()).toEqual([]);
    await visit(3, FIXTURE_NETWORKS.business.sample);
    expect((await accounts())[0]).toMatchObject({ anonymous: 1 });
  });

  it('a site with reveal off, or the reveal off, reveals nothing', async () => {
    await k.cleanup();
    k = await startTestKindling({
      accounts: databases as never,
      sites: [{ key: 'demo', name: 'Demo', origins: ['http://localhost:*'], reveal: false }],
    });
    await visit(1, FIXTURE_NETWORKS.business.sample);
    expect(await accounts()).toEqual([]);
    await k.cleanup();
    k = await startTestKindling({ accounts: { ...databases, reveal: false } as never });
    await visit(1, FIXTURE_NETWORKS.business.sample);
    expect(await accounts()).toEqual([]);
  });
});

describe('people join accounts', () => {
  const identify = (n: number, email: string, ip: string) =>
    postEvents(
      k,
      batch([{ i: eventId(), t: 'identify', ts: Date.now(), u: 'http://localhost:3000/', em: email }], { v: visitor(n) }),
      {},
      ip,
    );

  it('an anonymous browser that identifies with a company email joins that account with its history', async () => {
    await visit(1, FIXTURE_NETWORKS.business.sample);
    await visit(1, FIXTURE_NETWORKS.business.sample);
    expect((await identify(1, 'ada@acme.io', FIXTURE_NETWORKS.business.sample)).status).toBe(202);
    const list = await accounts();
    expect(list.map((a) => a.key)).toEqual(['d:acme.io']);
    expect(list[0]).toMatchObject({ name: 'Acme', match: 'email domain', people: 1, anonymous: 0, pricingViewsWeek: 2 });
    const detail = (await api('/api/accounts/d:acme.io')).body;
    expect(detail.people).toHaveLength(1);
    expect(detail.people[0]).toMatchObject({ email: 'ada@acme.io', pricingViews: 2, views: 2 });
    expect(detail.history).toHaveLength(1);
    expect(detail.history[0]).toMatchObject({ views: 2, pricingViews: 2, members: 1 });
  });

  it('a browser with no business network keeps its history when it identifies, and a rescore agrees', async () => {
    await visit(4, FIXTURE_NETWORKS.isp.sample);
    await visit(4, FIXTURE_NETWORKS.isp.sample);
    expect(await accounts()).toEqual([]);
    expect((await identify(4, 'eve@globex.io', FIXTURE_NETWORKS.isp.sample)).status).toBe(202);
    const detail = (await api('/api/accounts/d:globex.io')).body;
    expect(detail.people[0]).toMatchObject({ email: 'eve@globex.io', pricingViews: 2, views: 2 });
    const before = await k.reads.accountsActive(0);
    await k.engine.rescore();
    expect(await k.reads.accountsActive(0)).toEqual(before);
  });

  it('a free-mail person on a business network counts as a person of the network account', async () => {
    await visit(1, FIXTURE_NETWORKS.business.sample);
    await identify(1, 'ada@gmail.com', FIXTURE_NETWORKS.business.sample);
    await visit(2, FIXTURE_NETWORKS.business.sample);
    const [a] = await accounts();
    expect(a).toMatchObject({ key: 'n:64500', people: 1, anonymous: 1 });
  });

  it('the account is named by the company the engine wrote in the same transaction, not the row before the step', async () => {
    // The accounts projection takes the lead rows the engine has just written (not re-read): a row
    // handed over before the step would name the account from the email domain ("Acme") or the old company.
    const named = (n: number, company: string) =>
      postEvents(
        k,
        batch([{ i: eventId(), t: 'identify', ts: Date.now(), u: 'http://localhost:3000/', em: 'ada@acme.io', tr: { company } }], {
          v: visitor(n),
        }),
        {},
        FIXTURE_NETWORKS.isp.sample,
      );
    expect((await named(1, 'Acme Industries')).status).toBe(202);
    expect(await accounts()).toMatchObject([{ key: 'd:acme.io', name: 'Acme Industries' }]);
    expect((await named(1, 'Acme Holdings')).status).toBe(202);
    expect(await accounts()).toMatchObject([{ key: 'd:acme.io', name: 'Acme Holdings' }]);
    const before = await k.reads.accountsActive(0);
    await k.engine.rescore();
    expect(await k.reads.accountsActive(0)).toEqual(before);
  });

  it('education and free-mail domains are never accounts', async () => {
    await identify(1, 'student@mit.edu', FIXTURE_NETWORKS.isp.sample);
    await identify(2, 'bob@gmail.com', FIXTURE_NETWORKS.isp.sample);
    expect(await accounts()).toEqual([]);
  });

  it('erasing a person removes them from the account figures', async () => {
    await identify(1, 'ada@acme.io', FIXTURE_NETWORKS.isp.sample);
    await identify(2, 'bob@acme.io', FIXTURE_NETWORKS.isp.sample);
    expect((await accounts())[0]).toMatchObject({ key: 'd:acme.io', people: 2 });
    const lead = (await api('/api/leads?q=ada')).body.leads[0];
    const res = await k.app.request(`/api/leads/${lead.id}/erase`, {
      method: 'POST',
      headers: { authorization: `Bearer ${k.adminToken}` },
    });
    expect(res.status).toBe(200);
    expect((await accounts())[0]).toMatchObject({ key: 'd:acme.io', people: 1 });
    const detail = (await api('/api/accounts/d:acme.io')).body;
    expect(detail.people.map((p: any) => p.email)).toEqual(['bob@acme.io']);
  });

  it('anonymous views and the identify in one batch: the views join the person (activity is written per batch)', async () => {
    const views = [pageview(PRICING), pageview(PRICING), pageview('http://localhost:3000/docs')];
    const identifying = { i: eventId(), t: 'identify', ts: Date.now(), u: 'http://localhost:3000/', em: 'eve@globex.io' };
    const res = await postEvents(k, batch([...views, identifying, pageview(PRICING)], { v: visitor(5) }), {}, FIXTURE_NETWORKS.isp.sample);
    expect(res.status).toBe(202);
    const detail = (await api('/api/accounts/d:globex.io')).body;
    expect(detail.people).toHaveLength(1);
    expect(detail.people[0]).toMatchObject({ email: 'eve@globex.io', pricingViews: 3, views: 4 });
    const before = await k.reads.accountsActive(0);
    await k.engine.rescore();
    expect(await k.reads.accountsActive(0)).toEqual(before);
  });

  it('rescore rebuilds the account activity from the log: equal to the incremental figures', async () => {
    await visit(1, FIXTURE_NETWORKS.business.sample);
    await visit(2, FIXTURE_NETWORKS.business.sample, {}, 'http://localhost:3000/docs');
    await identify(2, 'ada@acme.io', FIXTURE_NETWORKS.business.sample);
    await visit(2, FIXTURE_NETWORKS.isp.sample);
    await identify(3, 'bob@gmail.com', FIXTURE_NETWORKS.business.sample);
    await visit(3, FIXTURE_NETWORKS.business.sample);
    const before = await k.reads.accountsActive(0);
    expect(before.activity.length).toBeGreaterThan(2);
    await k.engine.rescore();
    expect(await k.reads.accountsActive(0)).toEqual(before);
  });
});

const writerTransact: Transact = (job) => k.writer.transact(job);

describe('the accounts rebuild on rescore', () => {
  const identify = (n: number, email: string, ip: string) =>
    postEvents(
      k,
      batch([{ i: eventId(), t: 'identify', ts: Date.now(), u: 'http://localhost:3000/', em: email }], { v: visitor(n) }),
      {},
      ip,
    );
  const totals = async (kit: K) => {
    const { activity } = await kit.reads.accountsActive(0);
    return { points: activity.reduce((s, r) => s + r.points, 0), pricingViews: activity.reduce((s, r) => s + r.pricing_views, 0) };
  };

  it('a rebuild in small chunks, its rows held across chunks and written in several flushes, equals the incremental figures', async () => {
    await visit(1, FIXTURE_NETWORKS.business.sample);
    await visit(2, FIXTURE_NETWORKS.business.sample, {}, 'http://localhost:3000/docs');
    await visit(2, FIXTURE_NETWORKS.business.sample);
    await identify(2, 'ada@acme.io', FIXTURE_NETWORKS.business.sample);
    await visit(2, FIXTURE_NETWORKS.isp.sample);
    await identify(3, 'bob@gmail.com', FIXTURE_NETWORKS.business.sample);
    await visit(3, FIXTURE_NETWORKS.business.sample);
    await visit(4, FIXTURE_NETWORKS.business.sample);
    await visit(4, FIXTURE_NETWORKS.business.sample, {}, 'http://localhost:3000/docs');
    await visit(2, FIXTURE_NETWORKS.business.sample);
    const before = await k.reads.accountsActive(0);
    expect(before.activity.length).toBeGreaterThan(3);
    for (const [chunk, heldRows, stepEvents, stepRows] of [
      [1, 1, 1, 1],
      [2, 3, 2, 2],
      [3, 1000, 4, 1],
      [1, 4, 1000, 3],
      [1000, 1000, 1000, 1000],
    ] as const) {
      await k.writer.transact((tx) => tx.settings.set(ACTIVITY_FINGERPRINT_KEY, 'other rules'));
      const events = await rebuildAccounts(k.engine.rules, writerTransact, { chunk, heldRows, stepEvents, stepRows });
      expect(events).toBeGreaterThan(8);
      const label = `chunk ${chunk}, held rows ${heldRows}, step ${stepEvents} events / ${stepRows} rows`;
      expect(await k.reads.accountsActive(0), label).toEqual(before);
    }
  });

  /** Ten visits and identifies of browsers 1–5, as a site's traffic. */
  const traffic = async (round: number) => {
    const n = 1 + (round % 5);
    if (round % 4 === 3) await identify(n, `person${n}@acme.io`, FIXTURE_NETWORKS.business.sample);
    else await visit(n, round % 3 ? FIXTURE_NETWORKS.business.sample : FIXTURE_NETWORKS.isp.sample);
  };
  /** The writer's transactions, each preceded by `before` (ingest arriving while a rebuild runs); `steps` counts them. */
  let steps = 0;
  const interleaved =
    (before: (step: number) => Promise<void>): Transact =>
    async (job) => {
      await before(steps++);
      return k.writer.transact(job);
    };

  it('ingest between a rebuild’s steps: every event counted once, as a rebuild with nothing between would count it', async () => {
    for (let round = 0; round < 10; round++) await traffic(round);
    await k.writer.transact((tx) => tx.settings.set(ACTIVITY_FINGERPRINT_KEY, 'other rules'));
    steps = 0;
    let incremental = await k.reads.accountsActive(0);
    const events = await rebuildAccounts(
      k.engine.rules,
      interleaved(async (step) => {
        // Ingest before every step (the rebuild reads four events a step, so it catches up): ahead of
        // its reads, behind them, while held rows are written, and just before the swap.
        expect(step).toBeLessThan(200);
        await traffic(10 + step);
        // The live table, counted by ingest as it went: what the rebuild must equal when it swaps in (the rules are the same).
        incremental = await k.reads.accountsActive(0);
      }),
      { chunk: 2, heldRows: 5, stepEvents: 4, stepRows: 3 },
    );
    const staged = await k.writer.transact(async (tx) => tx.accounts.rebuild().staged);
    // Staged (SQLite): the rebuild ran in steps and ingest between them; in one transaction (PostgreSQL) after it.
    expect(steps).toBeGreaterThan(staged ? 10 : 1);
    const rebuilt = await k.reads.accountsActive(0);
    expect(rebuilt.activity.length).toBeGreaterThan(3);
    expect(rebuilt).toEqual(incremental);
    // A rebuild with nothing between its steps reads the same log and writes the same rows.
    await k.writer.transact((tx) => tx.settings.set(ACTIVITY_FINGERPRINT_KEY, 'other rules'));
    expect(await rebuildAccounts(k.engine.rules, writerTransact)).toBe(events);
    expect(await k.reads.accountsActive(0)).toEqual(rebuilt);
  });

  it('an erasure between a staged rebuild’s steps: the rebuild starts over, and none of the person’s rows survive', async () => {
    for (let round = 0; round < 10; round++) await traffic(round);
    const erased = (await k.writer.transact((tx) => tx.leads.byEmail('person4@acme.io')))!.id;
    await k.writer.transact((tx) => tx.settings.set(ACTIVITY_FINGERPRINT_KEY, 'other rules'));
    const staged = await k.writer.transact(async (tx) => tx.accounts.rebuild().staged);
    steps = 0;
    await rebuildAccounts(
      k.engine.rules,
      interleaved(async (step) => {
        // Staged (SQLite): midway, the person's rows already in the rebuild's table; in one transaction (PostgreSQL): before it.
        if (step === (staged ? 6 : 1)) await k.engine.erase(erased);
      }),
      { chunk: 2, heldRows: 3, stepEvents: 2, stepRows: 2 },
    );
    const after = await k.reads.accountsActive(0);
    expect(after.activity.filter((r) => r.lead_id === erased)).toEqual([]);
    await k.writer.transact((tx) => tx.settings.set(ACTIVITY_FINGERPRINT_KEY, 'other rules'));
    await rebuildAccounts(k.engine.rules, writerTransact);
    expect(await k.reads.accountsActive(0)).toEqual(after);
  });

  it('rebuilds only when the engagement matches or points changed: same rules skip it, a restart with new points redoes it', async () => {
    await visit(1, FIXTURE_NETWORKS.business.sample);
    expect((await identify(2, 'ada@acme.io', FIXTURE_NETWORKS.business.sample)).status).toBe(202);
    await visit(2, FIXTURE_NETWORKS.business.sample);
    await visit(2, FIXTURE_NETWORKS.business.sample, {}, 'http://localhost:3000/docs');
    // Never rebuilt: no fingerprint yet, so the first rescore reads the log.
    expect((await k.engine.rescore()).accountEvents).toBeGreaterThan(0);
    const before = await totals(k);
    expect(before.pricingViews).toBe(2);
    // The same rules: nothing to redo, and the figures stay.
    expect((await k.engine.rescore()).accountEvents).toBe(0);
    expect(await totals(k)).toEqual(before);

    // A restart with pricing views worth 10 more: the start's rescore rebuilds under the new points.
    await k.close();
    const richer = DEFAULT_ENGAGEMENT_RULES.map((r) => (r.id === 'pricing-view' ? { ...r, points: r.points + 10 } : r));
    const again = await startTestKindling(
      { accounts: { ...databases } as never, scoring: { engagementRules: richer } as never },
      { storeOf: k },
    );
    try {
      await vi.waitFor(() => expect(again.engine.rulesChanged()).toBe(false), { timeout: 20_000, interval: 50 });
      expect(await totals(again)).toEqual({ points: before.points + 10 * before.pricingViews, pricingViews: 2 });
      expect((await again.engine.rescore()).accountEvents).toBe(0);
    } finally {
      await again.close();
    }
  });
});

describe('the accounts API', () => {
  it('filters by stage, country and new this week; refuses bad input with the one error shape', async () => {
    await visit(1, FIXTURE_NETWORKS.business.sample);
    expect((await accounts('?country=DE')).map((a) => a.key)).toEqual(['n:64500']);
    expect(await accounts('?country=US')).toEqual([]);
    expect((await accounts('?new=week')).map((a) => a.key)).toEqual(['n:64500']);
    expect(await accounts('?stage=surging')).toEqual([]);
    expect((await accounts('?stage=aware')).map((a) => a.key)).toEqual(['n:64500']);
    for (const bad of ['?stage=hot', '?country=germany', '?limit=0', '?x=1']) {
      const res = await api(`/api/accounts${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code).toBeTypeOf('string');
    }
    expect((await api('/api/accounts/n%3A64500')).body.account).toMatchObject({ key: 'n:64500', name: 'Siemens AG' });
    expect((await api('/api/accounts/n:1')).status).toBe(404);
    expect((await api('/api/accounts/bogus')).status).toBe(400);
  });
});
