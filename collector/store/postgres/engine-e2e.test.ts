import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/index.js';
import { scoringSchema } from '../../engine/config.js';
import { createEngine } from '../../engine/index.js';
import type { NewEvent } from '../../events/types.js';
import { createWriter } from '../../writer/index.js';
import { events } from '../../../test/support/engine.js';
import { usePostgresEngine } from '../../../test/support/engine-stores.js';
import { postgresTestsEnabled } from '../../../test/support/postgres.js';
import type { WriteStore } from '../port/index.js';
import { createSqliteStore } from '../sqlite/index.js';
import type { Sql } from './connect.js';
import { createFleetLocks } from './fleet-locks.js';
import { postgresUnitParts } from './index.js';
import { inTransaction } from './transaction.js';

const T0 = Date.UTC(2025, 0, 1);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function postgresWriteStore(sql: Sql): WriteStore {
  return {
    kind: 'postgres',
    transaction: (work) => inTransaction(sql, (tx) => work(postgresUnitParts(tx))),
    fleet: createFleetLocks(sql),
    close: async () => {},
  };
}

/** Ingest, sweeps and sales actions on one store, driven through core's writer and engine with a stepped clock. */
async function runScenario(store: WriteStore, read: Reader) {
  const clock = { now: T0 };
  const writer = createWriter({ store, batchWindowMs: 0, clock: () => clock.now, log: () => {} });
  const engine = createEngine({ config: { scoring: scoringSchema.parse({}) }, writer, snapshotPath: null, log: () => {} });
  engine.attach();
  const write = async (...batch: NewEvent[]) => {
    await writer.write(batch.map((e) => ({ ...e, receivedAt: clock.now })));
  };
  await write(events.view('v1', T0, '/pricing', 'pricing'), events.view('v1', T0 + 1000, '/docs', 'docs'));
  await write(events.view('v2', T0 + 2000, '/', null, { utmSource: 'linkedin', utmCampaign: 'q1' }));
  clock.now += HOUR;
  await write(events.identify('v1', clock.now, 'ann@acme.io', { title: 'VP Engineering', company: 'Acme' }));
  await write(
    events.form('v2', clock.now + 10, { id: 'demo', fields: {} }, 'bob@acme.io'),
    events.view('v2', clock.now + 20, '/pricing', 'pricing'),
  );
  // A shared device: v1 identifies someone else later; late events arrive out of order.
  clock.now += HOUR;
  await write(events.view('v1', clock.now - 30 * 60_000, '/pricing', 'pricing'), events.view('v3', clock.now, '/careers', 'careers'));
  await write(events.identify('v3', clock.now + 5, 'cat@gmail.com'), events.identify('v1', clock.now + 6, 'dan@acme.io'));
  await writer.flush();
  const bob = await store.transaction((tx) => tx.leads.byEmail('bob@acme.io'));
  await engine.setDisposition(bob!.id, 'accepted', 'called');
  clock.now += 30 * DAY;
  await engine.sweep();
  await write(events.view('v2', clock.now, '/pricing', 'pricing'));
  clock.now += 60 * DAY;
  await engine.sweep();
  const ingested = await stateOf(read);
  const rescore = await engine.rescore();
  await writer.close();
  return { ingested, rescore, rescored: await stateOf(read) };
}

/** What the engine built, in SQL both stores speak (rank keys with the epoch they are relative to). */
const STATE_QUERIES = {
  leads: `SELECT email, name, title, company, company_domain, created_at, first_seen_at, last_seen_at, first_touch_at, source, campaign,
    stage, disposition, stage_changed_at, sql_since, first_mql_at, first_sql_at, fit, rank_key, top_engagement_reason,
    top_engagement_rank, top_fit_reason, top_fit_points, next_timer_at FROM leads ORDER BY email`,
  models: `SELECT l.email, s.model FROM lead_state s JOIN leads l ON l.id = s.lead_id ORDER BY l.email`,
  history: `SELECT l.email, h.at, h.kind, h.from_value, h.to_value, h.cause, h.score FROM lead_history h JOIN leads l ON l.id = h.lead_id ORDER BY l.email, h.id`,
  traits: `SELECT l.email, t.key, t.value, t.set_at FROM lead_traits t JOIN leads l ON l.id = t.lead_id ORDER BY l.email, t.key`,
  links: `SELECT l.email, i.visitor_id, i.kind FROM identity_links i JOIN leads l ON l.id = i.lead_id ORDER BY i.id`,
  events: `SELECT e.visitor_id, e.type, l.email FROM events e LEFT JOIN leads l ON l.id = e.lead_id ORDER BY e.seq`,
  companies: `SELECT domain, name, people, engaged_people, sum_fit, sum_rank FROM companies ORDER BY domain`,
  actions: `SELECT l.email, a.action, a.note FROM lead_actions a JOIN leads l ON l.id = a.lead_id ORDER BY a.id`,
  epoch: `SELECT value FROM settings WHERE key = 'engine.rank_epoch_ms'`,
};

type Reader = (query: string) => Promise<Record<string, unknown>[]>;

async function stateOf(read: Reader) {
  const state: Record<string, unknown> = {};
  for (const [name, query] of Object.entries(STATE_QUERIES)) state[name] = await read(query);
  return state;
}

type State = Awaited<ReturnType<typeof stateOf>>;
/** Rescore may move the rank epoch, rescaling every rank key alike (same order, same engagement): leave those out. */
function withoutRankKeys(state: State) {
  const { leads, companies, epoch: _epoch, ...rest } = state as Record<string, Record<string, unknown>[]>;
  return {
    ...rest,
    leads: leads!.map(({ rank_key: _r, top_engagement_rank: _t, ...lead }) => lead),
    companies: companies!.map(({ sum_rank: _s, ...company }) => company),
  };
}

describe.runIf(postgresTestsEnabled('collector/store/postgres/engine-e2e.test.ts'))('the engine end to end on PostgreSQL', () => {
  const pg = usePostgresEngine();

  it('ingest, sweeps, a sales action and a rescore build on PostgreSQL exactly what they build on SQLite', async () => {
    const db = openDatabase(':memory:');
    const sqlite = await runScenario(createSqliteStore(db), async (q) => db.prepare(q).all() as Record<string, unknown>[]);
    const postgres = await runScenario(postgresWriteStore(pg.sql()), async (q) => [...(await pg.sql().unsafe(q))]);
    db.close();
    expect((sqlite.ingested.leads as { stage: string; first_mql_at: number | null }[]).map((l) => l.first_mql_at !== null)).toContain(true);
    expect(postgres.ingested).toEqual(sqlite.ingested);
    // Rescore under unchanged rules changes nothing on either store (ingest equals replay), and both agree after it.
    expect(postgres.rescored).toEqual(sqlite.rescored);
    expect(withoutRankKeys(postgres.rescored)).toEqual(withoutRankKeys(postgres.ingested));
    expect([postgres.rescore.stageChanges, sqlite.rescore.stageChanges]).toEqual([0, 0]);
    expect(postgres.rescore.leads).toBe(sqlite.rescore.leads);
  });
});
