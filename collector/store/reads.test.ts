import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, schemaVersion, setSetting, type DB } from '../db/index.js';
import { testConfig } from '../config/index.js';
import { compileRules } from '../engine/rules/compile.js';
import { rowToEvent } from '../events/rows.js';
import { migrations as allMigrations } from '../db/migrations/index.js';
import { postgresTestsEnabled, useTestDatabase } from '../../test/support/postgres.js';
import { readsFixture, seedPostgres, seedSqlite, type Row } from '../../test/support/reads.js';
import { listLeads } from '../api/leads/list.js';
import { readContext } from '../api/leads/item.js';
import { companyPeople, listCompanies } from '../api/companies.js';
import { funnel } from '../api/funnel.js';
import type { ApiReads } from './port/reads.js';
import { createSqliteReads } from './sqlite/reads.js';
import { createPostgresReads } from './postgres/reads.js';
import { migratePostgres } from './postgres/migrate.js';

const T0 = Date.UTC(2025, 0, 1);
const NOW = T0 + 10 * 86_400_000;
const rules = compileRules(testConfig().scoring);
const fixture = readsFixture(T0);
const leads = fixture.leads;
const newestVersion = Math.max(...allMigrations.map((m) => m.version));

/** One store under test: its reads over the seeded fixture, and a way to set the rank epoch. */
interface Harness {
  reads(): ApiReads;
  setEpoch(epoch: number): Promise<void>;
}

function sqliteHarness(): Harness {
  let db: DB;
  beforeAll(() => {
    db = openDatabase(join(mkdtempSync(join(tmpdir(), 'kreads-')), 'k.db'));
    seedSqlite(db, fixture);
  });
  afterAll(() => db?.close());
  return { reads: () => createSqliteReads(db), setEpoch: async (epoch) => setSetting(db, 'engine.rank_epoch_ms', String(epoch)) };
}

function postgresHarness(): Harness {
  const pg = useTestDatabase();
  beforeAll(async () => {
    await migratePostgres(pg.sql);
    await seedPostgres(pg.sql, fixture);
  });
  return {
    reads: () => createPostgresReads(pg.sql),
    setEpoch: async (epoch) => {
      await pg.sql`INSERT INTO settings (key, value) VALUES ('engine.rank_epoch_ms', ${String(epoch)})
        ON CONFLICT (key) DO UPDATE SET value = excluded.value`;
    },
  };
}

const STORES = [
  { name: 'SQLite', enabled: true, harness: sqliteHarness },
  { name: 'PostgreSQL', enabled: postgresTestsEnabled('collector/store/reads.test.ts'), harness: postgresHarness },
];

// Expectations computed from the fixture in plain JavaScript, independent of either store.
const decay = Math.pow(2, (fixture.epoch - NOW) / rules.halfLifeMs);
const scoreOf = (l: Row) => (l.fit as number) + (l.rank_key as number) * decay;
const byScore = (a: Row, b: Row) => scoreOf(b) - scoreOf(a) || (b.id as number) - (a.id as number);
const contains = (q: string) => (l: Row) =>
  [l.email, l.name ?? '', l.company ?? ''].some((v) => (v as string).toLowerCase().includes(q.toLowerCase()));
const bytewise = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);

/** Every page of a listing, following nextCursor. */
async function allPages(reads: ApiReads, query: Parameters<typeof listLeads>[1]) {
  const rc = await readContext(reads, rules, NOW);
  const ids: number[] = [];
  const totals = new Set<number>();
  for (let cursor: string | undefined, pages = 0; pages < 50; pages++) {
    const page = await listLeads(rc, { ...query, cursor });
    ids.push(...page.leads.map((l) => l.id));
    totals.add(page.total);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return { ids, totals: [...totals] };
}

for (const store of STORES) {
  describe.runIf(store.enabled)(`API reads on ${store.name}`, () => {
    const h = store.harness();

    it('answers the health check with the newest schema version, and the rank epoch once set', async () => {
      const reads = h.reads();
      await expect(reads.ping()).resolves.toBeUndefined();
      expect(await reads.schemaVersion()).toBe(newestVersion);
      expect(await reads.rankEpoch()).toBeNull();
      await h.setEpoch(fixture.epoch);
      expect(await reads.rankEpoch()).toBe(fixture.epoch);
    });

    it.each([
      ['every lead', {}],
      ['one stage', { stage: 'mql' }],
      ['one disposition', { stage: 'won' }],
    ])('pages %s by current score with keyset cursors: each lead once, in score order', async (_name, filter) => {
      await h.setEpoch(fixture.epoch);
      const selected = leads.filter(
        (l) => !('stage' in filter) || l.stage === filter.stage || (filter.stage === 'won' && l.disposition === 'won'),
      );
      expect(selected.length).toBeGreaterThan(3);
      const { ids, totals } = await allPages(h.reads(), { ...filter, sort: 'score', limit: 3 });
      expect(ids).toEqual([...selected].sort(byScore).map((l) => l.id));
      expect(totals).toEqual([selected.length]);
    });

    it('pages by last seen with keyset cursors (never-seen leads are not listed by last seen)', async () => {
      const expected = leads
        .filter((l) => l.last_seen_at !== null)
        .sort((a, b) => (b.last_seen_at as number) - (a.last_seen_at as number) || (b.id as number) - (a.id as number))
        .map((l) => l.id);
      const { ids, totals } = await allPages(h.reads(), { sort: 'lastSeen', limit: 4 });
      expect(ids).toEqual(expected);
      expect(totals).toEqual([leads.length]);
      // A cursor is any finite number pair: a fractional one selects what it would on integers.
      const after = (seen: number, id: number) =>
        expected.filter((x) => {
          const l = leads[(x as number) - 1]!;
          return (l.last_seen_at as number) < seen || (l.last_seen_at === seen && (x as number) < id);
        });
      for (const [seen, id] of [
        [T0 + 2000, 14],
        [T0 + 2000.5, 3],
        [T0 + 3000, 20.5],
        [1e308, 1],
      ])
        expect((await h.reads().bySeen({ kind: 'all', v: null }, seen!, id!, 100)).map((l) => l.id)).toEqual(after(seen!, id!));
      const mql = await allPages(h.reads(), { stage: 'mql', sort: 'lastSeen', limit: 2 });
      expect(mql.ids).toEqual(expected.filter((id) => leads[(id as number) - 1]!.stage === 'mql'));
    });

    it.each([
      ['a trigram query, any case', 'ACME'],
      ['a short query', 'ac'],
      ['a name', 'smith'],
      ['a literal % and _ (not wildcards)', '% off_'],
      ['a literal _', '_co'],
      ['a short literal %', '0%'],
      ['text spanning two fields (no match)', 'io io'],
      ['nothing', 'nobody-here'],
    ])('searches email, name and company: %s', async (_name, q) => {
      expect(await h.reads().search(q, 5000)).toEqual(leads.filter(contains(q)).map((l) => l.id));
      expect(await h.reads().search(q, 2)).toEqual(
        leads
          .filter(contains(q))
          .map((l) => l.id)
          .slice(0, 2),
      );
    });

    it('lists search matches through the list route, filtered and ordered by score', async () => {
      await h.setEpoch(fixture.epoch);
      const { ids, totals } = await allPages(h.reads(), { q: 'globex', stage: 'mql', sort: 'score', limit: 2 });
      const expected = leads.filter((l) => contains('globex')(l) && l.stage === 'mql').sort(byScore);
      expect(ids).toEqual(expected.map((l) => l.id));
      expect(totals).toEqual([expected.length]);
    });

    it("reads a lead's rows by id, in order, leaving out unknown ids", async () => {
      const rows = await h.reads().leads([7, 999, 2, 7]);
      expect(rows.map((r) => r.id)).toEqual([7, 2, 7]);
      expect(rows[0]).toEqual(leads[6]);
      expect(await h.reads().leads([])).toEqual([]);
    });

    it("reads a lead's detail rows, each in its order", async () => {
      const detail = (await h.reads().leadDetail(1))!;
      expect(detail.row).toEqual(leads[0]);
      expect(detail.model).toEqual({ traits: {}, n: 1 });
      expect(detail.events.map(rowToEvent).map((e) => [e.seq, e.title])).toEqual([
        [1, 'Pricing 1'],
        [2, 'Pricing 2'],
        [3, 'Pricing 3'],
      ]);
      expect(detail.traits).toEqual([
        { key: 'company_size', value: '120', set_at: T0 + 6 },
        { key: 'title', value: '"CTO"', set_at: T0 + 5 },
      ]);
      expect(detail.browsers).toEqual([
        { visitor_id: 'v1', site: 'demo', linked_at: T0 + 20, evidence_seq: 2 },
        { visitor_id: 'v2', site: 'demo', linked_at: T0 + 50, evidence_seq: 3 },
      ]);
      expect(detail.history.map((x) => [x.at, x.kind, x.from_value, x.to_value, x.score])).toEqual([
        [T0 + 10, 'disposition', null, 'won', 50],
        [T0 + 20, 'stage', null, 'lead', 3],
        [T0 + 20, 'stage', 'lead', 'mql', 41.5],
      ]);
      expect(detail.notes).toEqual([
        { at: T0 + 30, action: 'won', text: 'signed', author: null },
        { at: T0 + 30, action: 'accepted', text: 'call on Monday', author: 'ann@acme.example' },
      ]);
      expect(await h.reads().leadDetail(999)).toBeNull();
    });

    it('ranks companies by summed current score with their hottest people, paged', async () => {
      await h.setEpoch(fixture.epoch);
      const rc = await readContext(h.reads(), rules, NOW);
      const companies = fixture.rows.filter((r) => r.table === 'companies').map((r) => r.row);
      const total = (c: Row) => (c.sum_fit as number) + (c.sum_rank as number) * decay;
      const expected = [...companies].sort((a, b) => total(b) - total(a) || bytewise(a.domain as string, b.domain as string));
      const first = await listCompanies(rc, 2, undefined);
      const second = await listCompanies(rc, 2, first.nextCursor!);
      expect([...first.companies, ...second.companies].map((c) => c.domain)).toEqual(expected.map((c) => c.domain));
      expect(second.nextCursor).toBeNull();
      const people = (domain: unknown) =>
        leads.filter((l) => l.company_domain === domain).sort((a, b) => scoreOf(b) - scoreOf(a) || (a.id as number) - (b.id as number));
      expect(first.companies[0]!.topLeads.map((l) => l.id)).toEqual(
        people(expected[0]!.domain)
          .slice(0, 3)
          .map((l) => l.id),
      );
      const acme = (await companyPeople(rc, 'ACME.io'))!;
      expect(acme.leads.map((l) => l.id)).toEqual(people('acme.io').map((l) => l.id));
      expect(acme.people).toBe(people('acme.io').length);
      expect(await companyPeople(rc, 'nowhere.test')).toBeNull();
    });

    it('aggregates the funnel: counts per source, campaign, stage and disposition; durations of MQLs; visitors', async () => {
      const rows = await h.reads().funnel();
      const key = (l: Row) => [l.source, l.campaign, l.stage, l.disposition] as (string | null)[];
      const groups = new Map<string, Row[]>();
      for (const l of leads) groups.set(JSON.stringify(key(l)), [...(groups.get(JSON.stringify(key(l))) ?? []), l]);
      const expected = [...groups.values()]
        .sort((a, b) => {
          const [x, y] = [key(a[0]!), key(b[0]!)];
          return x.reduce((d, v, i) => d || bytewise(v, y[i]!), 0);
        })
        .map((g) => ({
          source: g[0]!.source,
          campaign: g[0]!.campaign,
          stage: g[0]!.stage,
          disposition: g[0]!.disposition,
          n: g.length,
          mql: g.filter((l) => l.first_mql_at !== null).length,
          mql_sql: g.filter((l) => l.first_mql_at !== null && l.first_sql_at !== null).length,
          sql: g.filter((l) => l.first_sql_at !== null).length,
          won: g.filter((l) => l.first_sql_at !== null && l.disposition === 'won').length,
        }));
      expect(rows.counts).toEqual(expected);
      const durations = leads
        .filter((l) => l.first_mql_at !== null)
        .map((l) => [
          l.source,
          l.campaign,
          (l.first_mql_at as number) - (l.created_at as number),
          l.first_sql_at === null ? null : (l.first_sql_at as number) - (l.first_mql_at as number),
        ]);
      const order = (d: unknown[]) => [...d].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      expect(order(rows.durations)).toEqual(order(durations));
      expect([rows.visitors, rows.linked]).toEqual([4, 2]);
      expect(funnel(rows).counts.visitor).toBe(2);
    });

    it('counts the events one browser has stored', async () => {
      const reads = h.reads();
      expect(await reads.visitorEvents('demo', 'v1')).toBe(3);
      expect(await reads.visitorEvents('demo', 'v9')).toBe(1);
      expect(await reads.visitorEvents('demo', 'v2')).toBe(0);
      expect(await reads.visitorEvents('other', 'v1')).toBe(0);
    });

    it('reads webhook endpoints, message pages (keyset on created time then id, status filter) and attempts', async () => {
      const reads = h.reads();
      const endpoints = await reads.endpoints();
      expect(endpoints.map((e) => [e.id, e.enabled, e.disabledReason, e.events])).toEqual([
        [1, true, null, ['lead.sql']],
        [2, false, 'manual', ['lead.sql']],
      ]);
      const first = await reads.messages(1, { limit: 2 });
      expect(first.map((m) => m.id)).toEqual(['msg_c', 'msg_b']);
      const last = first[1]!;
      const rest = await reads.messages(1, { before: { at: last.createdAt, id: last.id }, limit: 5 });
      expect(rest.map((m) => m.id)).toEqual(['msg_a', 'msg_d']);
      expect(rest[0]).toEqual({
        id: 'msg_a',
        endpointId: 1,
        type: 'lead.sql',
        leadId: 1,
        body: '{}',
        status: 'delivered',
        attempts: 1,
        retryStep: 1,
        nextAttemptAt: null,
        lastError: null,
        createdAt: T0 + 10,
        deliveredAt: T0 + 11,
      });
      expect((await reads.messages(1, { status: 'delivered', limit: 5 })).map((m) => m.id)).toEqual(['msg_a', 'msg_d']);
      expect(await reads.messages(2, { limit: 5 })).toEqual([]);
      expect(await reads.attempts('msg_a')).toEqual([
        { at: T0 + 11, status: null, latencyMs: 5000, error: 'timeout' },
        { at: T0 + 12, status: 200, latencyMs: 40, error: null },
      ]);
    });
  });
}

describe('the SQLite reads on a migrated database', () => {
  it('report the schema version the migrations recorded', () => {
    const db = openDatabase(':memory:');
    expect(schemaVersion(db)).toBe(newestVersion);
    db.close();
  });
});
