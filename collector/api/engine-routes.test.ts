import { afterEach, describe, expect, it } from 'vitest';
import { events, newEvent } from '../../test/support/engine.js';
import { startTestKindling, type TestKindling } from '../../test/support/kindling.js';
import { one, rows, value } from '../../test/support/query.js';
import { DAY_MS } from '../engine/rules/compile.js';
import type { LeadListItem } from './leads/item.js';
import type { LeadDetail } from './leads/detail.js';

const T0 = Date.UTC(2025, 3, 1);
let k: TestKindling;
let clock: { now: number };
afterEach(() => k?.cleanup());

async function start() {
  clock = { now: T0 };
  k = await startTestKindling({}, { clock: () => clock.now });
  return k;
}
const auth = () => ({ authorization: `Bearer ${k.adminToken}` });
async function get<T = Record<string, unknown>>(path: string, expected = 200): Promise<T> {
  const res = await k.app.request(path, { headers: auth() });
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(expected);
  return (await res.json()) as T;
}
async function post<T = Record<string, unknown>>(path: string, body: unknown, expected = 200): Promise<T> {
  const res = await k.app.request(path, {
    method: 'POST',
    headers: { ...auth(), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(expected);
  return (await res.json()) as T;
}
const leadId = async (email: string) => (await value<number>(k, 'SELECT id FROM leads WHERE email = ?', [email]))!;

describe('the lead API needs the admin token', () => {
  const routes: [string, string][] = [
    ['GET', '/api/leads'],
    ['GET', '/api/leads/1'],
    ['POST', '/api/leads/1/disposition'],
    ['POST', '/api/leads/1/erase'],
    ['GET', '/api/companies'],
    ['GET', '/api/companies/acme.io'],
    ['GET', '/api/funnel'],
    ['GET', '/api/rules'],
    ['POST', '/api/rescore'],
    ['GET', '/api/sites'],
  ];
  it.each(routes)('%s %s → 401 without or with a wrong token', async (method, path) => {
    await start();
    for (const headers of [{}, { authorization: 'Bearer wrong-token-wrong-token' }, { authorization: k.adminToken }] as Record<
      string,
      string
    >[]) {
      const res = await k.app.request(path, { method, headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
  });
});

describe('GET /api/leads', () => {
  it('ranks by current score exactly, across fit groups and pages, as time passes', async () => {
    await start();
    const titles = ['VP Sales', 'Engineer', 'Student', 'Head of IT', 'Manager'];
    const domains = ['acme.io', 'gmail.com', 'beta.io'];
    const batch = [];
    for (let i = 0; i < 120; i++) {
      const v = `v${i}`;
      const at = T0 - ((i * 7919) % 40) * DAY_MS;
      batch.push(events.identify(v, at, `p${i}@${domains[i % 3]}`, { title: titles[i % 5]! }, { receivedAt: at }));
      for (let j = 0; j < (i * 31) % 9; j++)
        batch.push(events.view(v, at + j, j % 3 ? '/pricing' : '/blog', j % 3 ? 'pricing' : 'blog', { receivedAt: at }));
    }
    await k.writer.write(batch.sort((a, b) => a.receivedAt - b.receivedAt));
    for (const later of [0, 20 * DAY_MS]) {
      clock.now = T0 + later;
      const seen: LeadListItem[] = [];
      let cursor: string | null = null;
      do {
        const page: { leads: LeadListItem[]; nextCursor: string | null; total: number } = await get(
          `/api/leads?limit=7${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(page.total).toBe(120);
        seen.push(...page.leads);
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen.map((l) => l.id).sort((a, b) => a - b)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
      // Exact order: by current score (unrounded), ties by id descending.
      const epoch = Number(await value<string>(k, "SELECT value FROM settings WHERE key = 'engine.rank_epoch_ms'"));
      const exact = (await rows<{ id: number; fit: number; rank_key: number }>(k, 'SELECT id, fit, rank_key FROM leads')).map((r) => ({
        id: r.id,
        score: r.fit + r.rank_key * Math.pow(2, (epoch - clock.now) / (30 * DAY_MS)),
      }));
      exact.sort((a, b) => b.score - a.score || b.id - a.id);
      expect(seen.map((l) => l.id)).toEqual(exact.map((e) => e.id));
      expect(new Set(seen.map((l) => l.fit)).size).toBeGreaterThan(3);
    }
  });

  it('filters by stage and disposition, searches name/email/company, sorts by last seen', async () => {
    await start();
    await k.writer.write([
      events.identify('a', T0 - 3 * DAY_MS, 'ann@acme.io', { name: 'Ann Archer', company: 'Acme Corp' }),
      events.identify('b', T0 - 2 * DAY_MS, 'bob@beta.io', { name: 'Bob Baker' }),
      events.form('c', T0 - DAY_MS, { id: 'demo', fields: { budget: 'yes', timeline: 'now' } }, 'cat@cato.io'),
    ]);
    const sql = await get<{ leads: LeadListItem[]; total: number }>('/api/leads?stage=sql');
    expect(sql.leads.map((l) => l.email)).toEqual(['cat@cato.io']);
    expect(sql.leads[0]).toMatchObject({
      stage: 'sql',
      disposition: null,
      sqlSince: T0 - DAY_MS,
      topReason: 'requested a demo',
      fitGrade: 'A',
    });
    expect(sql.total).toBe(1);
    expect((await get<{ leads: LeadListItem[] }>('/api/leads?q=acme')).leads.map((l) => l.email)).toEqual(['ann@acme.io']);
    expect((await get<{ leads: LeadListItem[] }>('/api/leads?q=BAKER')).leads.map((l) => l.email)).toEqual(['bob@beta.io']);
    expect((await get<{ leads: LeadListItem[] }>('/api/leads?q=ca')).leads.map((l) => l.email)).toEqual(['cat@cato.io']);
    expect((await get<{ leads: LeadListItem[] }>('/api/leads?sort=lastSeen')).leads.map((l) => l.email)).toEqual([
      'cat@cato.io',
      'bob@beta.io',
      'ann@acme.io',
    ]);
    await post(`/api/leads/${await leadId('bob@beta.io')}/disposition`, { disposition: 'accepted' });
    expect((await get<{ leads: LeadListItem[] }>('/api/leads?stage=accepted')).leads.map((l) => l.email)).toEqual(['bob@beta.io']);
    const lead = (await get<{ leads: LeadListItem[] }>('/api/leads?q=ann')).leads[0]!;
    expect(Object.keys(lead).sort()).toEqual(
      [
        'company',
        'disposition',
        'email',
        'engagement',
        'fit',
        'fitGrade',
        'id',
        'lastSeenAt',
        'name',
        'overdue',
        'ownerId',
        'score',
        'sqlSince',
        'stage',
        'stageChangedAt',
        'title',
        'topReason',
      ].sort(),
    );
    await get('/api/leads?stage=hot', 400);
    await get('/api/leads?limit=0', 400);
    await get('/api/leads?cursor=nonsense', 400);
  });
});

describe('GET /api/leads/:id', () => {
  it('explains the lead: traits, score breakdown with decay, stage history, sessions, visitors', async () => {
    await start();
    await k.writer.write([
      events.view('v', T0 - 10 * DAY_MS, '/pricing', 'pricing', { sessionId: 's1' }),
      events.view('v', T0 - 10 * DAY_MS + 1000, '/pricing', 'pricing', { sessionId: 's1' }),
      events.form(
        'v',
        T0 - DAY_MS,
        { id: 'demo', fields: { 'Job Title': 'VP Sales', budget: 'yes', timeline: 'this quarter' } },
        'ann@acme.io',
        { sessionId: 's2' },
      ),
    ]);
    const id = await leadId('ann@acme.io');
    const d = await get<Record<string, any>>(`/api/leads/${id}`);
    expect(d.lead).toMatchObject({ id, email: 'ann@acme.io', title: 'VP Sales', stage: 'sql', firstSeenAt: T0 - 10 * DAY_MS });
    expect(d.lead.traits.title).toEqual({ value: 'VP Sales', setAt: T0 - DAY_MS, source: 'stated' });
    expect(d.lead.visitors).toEqual([expect.objectContaining({ id: 'v', site: 'demo', evidenceSeq: 3 })]);
    const pricing = d.score.breakdown.find((b: any) => b.ruleId === 'pricing-view');
    expect(pricing).toMatchObject({ kind: 'engagement', pointsRaw: 20, cappedBy: 0 });
    expect(pricing.pointsDecayed).toBeCloseTo(20 * Math.pow(2, -10 / 30), 1);
    expect(pricing.events).toHaveLength(2);
    expect(d.score.breakdown.find((b: any) => b.ruleId === 'senior-title')).toMatchObject({ kind: 'fit', pointsDecayed: 15 });
    expect(d.score.reasons[0]).toMatchObject({ text: 'requested a demo', ruleId: 'demo-request' });
    expect(d.stages.map((s: any) => `${s.from}>${s.to}`)).toEqual(['visitor>lead', 'lead>sql']);
    expect(d.sessions.map((s: any) => [s.id, s.events.length])).toEqual([
      ['s2', 1],
      ['s1', 2],
    ]);
    expect(d.sessions[0].events[0].form.fields.budget).toBe('yes');
    expect(d.scoreHistory.at(-1)).toEqual({ at: T0, score: d.score.total });
    await get('/api/leads/999', 404);
    await get('/api/leads/abc', 400);
  });
});

describe('dispositions and erasure', () => {
  it('set accepted, rejected, won, lost and reopen, stored with time and cause', async () => {
    await start();
    await k.writer.write([events.form('v', T0, { id: 'demo', fields: { budget: 'yes', timeline: 'now' } }, 'ann@acme.io')]);
    const id = await leadId('ann@acme.io');
    await post(`/api/leads/${id}/disposition`, { disposition: 'reopen' }, 409);
    clock.now += 1000;
    expect(
      (await post<{ lead: LeadListItem }>(`/api/leads/${id}/disposition`, { disposition: 'rejected', note: 'student project' })).lead,
    ).toMatchObject({ disposition: 'rejected', stage: 'near_sql' });
    clock.now += 1000;
    expect((await post<{ lead: LeadListItem }>(`/api/leads/${id}/disposition`, { disposition: 'won' })).lead.disposition).toBe('won');
    clock.now += 1000;
    expect((await post<{ lead: LeadListItem }>(`/api/leads/${id}/disposition`, { disposition: 'reopen' })).lead.disposition).toBeNull();
    const stages = (await get<Record<string, any>>(`/api/leads/${id}`)).stages.filter((s: any) => s.kind === 'disposition');
    expect(stages.map((s: any) => [s.at - T0, s.from, s.to, s.cause])).toEqual([
      [1000, null, 'rejected', 'sales'],
      [2000, 'rejected', 'won', 'sales'],
      [3000, 'won', 'open', 'reopened'],
    ]);
    // The note typed with a decision comes back with its time, decision and author, newest first; no note, no entry.
    clock.now += 1000;
    await post(`/api/leads/${id}/disposition`, { disposition: 'lost', note: 'chose a competitor' });
    expect((await get<LeadDetail>(`/api/leads/${id}`)).notes).toEqual([
      { at: T0 + 4000, action: 'lost', text: 'chose a competitor', author: 'admin token' },
      { at: T0 + 1000, action: 'rejected', text: 'student project', author: 'admin token' },
    ]);
    await post(`/api/leads/${id}/disposition`, { disposition: 'maybe' }, 400);
    await post('/api/leads/999/disposition', { disposition: 'won' }, 404);
  });

  it('erasure leaves nothing of the person, and the same browser starts fresh', async () => {
    await start();
    await k.writer.write([
      events.view('phone', T0, '/pricing', 'pricing'),
      events.identify('phone', T0 + 1, 'ann@acme.io', { name: 'Ann', phone: '+1 555' }),
    ]);
    await k.writer.write([events.identify('laptop', T0 + 2, 'ann@acme.io'), events.identify('other', T0 + 3, 'bob@acme.io')]);
    const id = await leadId('ann@acme.io');
    await post(`/api/leads/${id}/disposition`, { disposition: 'accepted' });
    expect(await post(`/api/leads/${id}/erase`, {})).toEqual({ erased: true });
    const dump = JSON.stringify(
      await Promise.all(
        [
          'leads',
          'lead_state',
          'lead_traits',
          'identity_links',
          'visitor_leads',
          'lead_history',
          'lead_actions',
          'events',
          'visitors',
          'companies',
          'leads_search',
        ].map((t) => rows(k, `SELECT * FROM ${t}`)),
      ),
    );
    for (const trace of ['ann@acme.io', '+1 555', '"Ann"', '"phone"', '"laptop"']) expect(dump).not.toContain(trace);
    expect(await one(k, 'SELECT COUNT(*) AS n FROM lead_history WHERE lead_id = ?', [id])).toEqual({ n: 0 });
    expect(await value(k, 'SELECT people FROM companies')).toBe(1);
    await get(`/api/leads/${id}`, 404);
    await post(`/api/leads/${id}/erase`, {}, 404);
    // The browser comes back: anonymous until it identifies, and then a new person with only new events.
    await k.writer.write([events.view('phone', T0 + 10, '/docs', 'docs')]);
    expect(await rows(k, "SELECT lead_id FROM events WHERE visitor_id = 'phone'")).toEqual([{ lead_id: null }]);
    await k.writer.write([events.identify('phone', T0 + 11, 'ann@acme.io')]);
    const again = await leadId('ann@acme.io');
    expect(again).not.toBe(id);
    expect((await get<Record<string, any>>(`/api/leads/${again}`)).sessions.flatMap((s: any) => s.events.map((e: any) => e.path))).toEqual([
      '/docs',
      null,
    ]);
  });
});

describe('companies, funnel, rules, sites, rescore', () => {
  it('roll up companies and compute the funnel by source and campaign', async () => {
    await start();
    await k.writer.write([
      events.view('a', T0, '/', null, { utmSource: 'linkedin', utmCampaign: 'spring' }),
      events.identify('a', T0, 'ann@acme.io'),
      events.identify('b', T0, 'bob@acme.io'),
      events.form('c', T0, { id: 'demo', fields: { budget: 'yes', timeline: 'now' } }, 'cat@acme.io'),
      events.identify('d', T0, 'dan@gmail.com'),
    ]);
    for (let i = 0; i < 5; i++) await k.writer.write([events.view('a', T0 + i, '/pricing', 'pricing')]);
    await k.writer.write([newEvent({ visitorId: 'a', type: 'download', ts: T0 + 5, props: { href: 'https://acme.test/whitepaper.pdf' } })]);
    const { companies } = await get<{ companies: any[] }>('/api/companies');
    expect(companies).toHaveLength(1);
    expect(companies[0]).toMatchObject({ domain: 'acme.io', people: 3, engagedPeople: 2 });
    expect(companies[0].topLeads.map((l: any) => l.email)).toEqual(['cat@acme.io', 'ann@acme.io', 'bob@acme.io']);
    expect(companies[0].totalScore).toBeCloseTo(
      companies[0].topLeads.reduce((s: number, l: any) => s + l.score, 0),
      0,
    );
    const { company } = await get<{ company: any }>('/api/companies/ACME.io');
    expect(company).toMatchObject({ domain: 'acme.io', people: 3, engagedPeople: 2 });
    expect(company.leads.map((l: LeadListItem) => l.email)).toEqual(['cat@acme.io', 'ann@acme.io', 'bob@acme.io']);
    await get('/api/companies/gmail.com', 404);
    await post(`/api/leads/${await leadId('cat@acme.io')}/disposition`, { disposition: 'won' });
    const f = await get<Record<string, any>>('/api/funnel');
    expect(f.counts).toMatchObject({ lead: 2, mql: 1, sql: 1, won: 1 });
    expect(f.rates).toEqual({ mqlToSql: 0.5, sqlToWon: 1 });
    expect(f.medians).toEqual({ leadToMqlMs: 3, mqlToSqlMs: 0 });
    expect(f.bySource.find((s: any) => s.source === 'linkedin').counts.mql).toBe(1);
    expect(f.byCampaign.map((c: any) => c.campaign).sort()).toEqual(['(none)', 'spring']);
    expect(f.reference).toEqual({ mqlToSqlAverage: 0.13, mqlToSqlBest: 0.4, sqlToWon: 0.59 });
    // The same leads as April's cohort: cat was SQL on arrival, so its steps are counted apart, not as 0 ms.
    const april = await get<Record<string, any>>('/api/funnel?from=2025-04-01&to=2025-04-30&mode=cohort');
    expect(april.period).toMatchObject({ from: '2025-04-01', to: '2025-04-30', mode: 'cohort' });
    expect(april.counts).toMatchObject({ lead: 4, mql: 2, sql: 1, won: 1 });
    expect(april.times.mqlToSql).toEqual({ n: 0, medianMs: null, p75Ms: null, alreadyPast: 1 });
    expect(april.times.leadToMql).toMatchObject({ n: 1, alreadyPast: 1 });
    expect(april.channels.firstTouch.find((c: any) => c.channel === 'organic_social').sources).toEqual([
      { source: 'linkedin / (not set)', leads: 1 },
    ]);
    const may = await get<Record<string, any>>('/api/funnel?from=2025-05-01&to=2025-05-31');
    expect(may.counts).toMatchObject({ lead: 0, mql: 0, sql: 0, won: 0 });
  });

  it.each([
    ['a reversed period', 'from=2025-04-30&to=2025-04-01', 'to'],
    ['a day that does not exist', 'from=2025-02-30&to=2025-03-01', 'from'],
    ['a day in another format', 'from=04/01/2025&to=2025-04-30', 'from'],
    ['a mode without a period', 'mode=cohort', 'from'],
    ['an unknown mode', 'from=2025-04-01&to=2025-04-30&mode=pipeline', 'mode'],
    ['an unknown key', 'from=2025-04-01&to=2025-04-30&days=3', '(root)'],
    ['a period of more than 1100 days', 'from=2020-01-01&to=2025-04-30', 'to'],
  ])('answer a period funnel with %s with a 400 naming the key', async (_name, query, key) => {
    await start();
    const res = await get<{ error: { code: string; details: { path: string }[] } }>(`/api/funnel?${query}`, 400);
    expect(res.error.code).toBe('bad_request');
    expect(res.error.details.map((d) => d.path)).toContain(key);
  });

  it('show the rules and the sites with their snippet, and rescore on demand', async () => {
    await start();
    const rules = await get<Record<string, any>>('/api/rules');
    expect(rules.halfLifeDays).toBe(30);
    expect(rules.engagementRules.map((r: any) => r.id)).toContain('demo-request');
    expect(rules.rescoreDue).toBe(false);
    const { sites } = await get<{ sites: any[] }>('/api/sites');
    expect(sites[0]).toMatchObject({ key: 'demo', snippet: '<script async src="http://localhost:8787/k.js" data-site="demo"></script>' });
    await k.writer.write([events.identify('a', T0, 'ann@acme.io')]);
    expect(await post('/api/rescore', {})).toEqual({ leads: 1, events: 1, stageChanges: 0, ms: expect.any(Number) });
    const running = k.engine.rescore();
    await post('/api/rescore', {}, 409);
    await running;
  });
});
