import { join } from 'node:path';
import { testConfig } from '../collector/config/index.js';
import { runMigrateStore } from '../cli/migrate-store/run.js';
import { runLoad as runFleetLoad, startFleet } from '../test/support/fleet.js';
import { dataset } from './dataset.js';
import { FLEET_ORIGIN, writeFleetConfig } from './fleet.js';
import { runLoad } from './load.js';
import { startBenchPostgres, type BenchPostgres } from './pg.js';
import { BENCH_ADMIN_TOKEN, startCollector, startNode, type Child } from './processes.js';
import { untilRulesSettled } from './rescore-api.js';
import { inRounds } from './steps.js';
import { pairedRatio, spread, type Spread } from './stats.js';

/** One store set-up of the ingest comparison. */
const SETUPS = [
  { name: 'sqlite', store: 'sqlite', collectors: 1 },
  { name: 'postgres', store: 'postgres', collectors: 1 },
  { name: 'postgres×3', store: 'postgres', collectors: 3 },
] as const;
type SetupName = (typeof SETUPS)[number]['name'];

export interface StoreBench {
  ingest: {
    people: number;
    batches: number;
    eventsPerSecond: Record<SetupName, Spread>;
    /** Paired by round: PostgreSQL ÷ SQLite with one collector, three collectors ÷ one on PostgreSQL. */
    ratios: { postgresVsSqlite: Spread; threeVsOne: Spread };
  };
  hotLeads: {
    leads: number;
    events: number;
    /** GET /api/leads?limit=50 on one collector per store, closed loop, 2 connections. */
    p50Ms: Record<'sqlite' | 'postgres', Spread>;
    p95Ms: Record<'sqlite' | 'postgres', Spread>;
    /** The 100k-lead SQLite dataset moved into PostgreSQL with npm run migrate-store (copy, check, rescore check). */
    moveSeconds: number;
    movedRows: number;
  };
}

/** Batches of fleet traffic through built collector processes: acknowledged events per second. */
async function ingestOnce(env: Record<string, string>, collectors: number, people: number, batches: number): Promise<number> {
  const fleet = await startFleet(collectors, env);
  try {
    const started = performance.now();
    const load = runFleetLoad({ fleet, clients: 12, people, visitorsPerPerson: 3, batches, origin: FLEET_ORIGIN });
    await load.done;
    if (load.failed) throw new Error(`${load.failed} of ${load.sent} batches were not acknowledged`);
    return Math.round(load.acked.length / ((performance.now() - started) / 1000));
  } finally {
    await fleet.stop();
  }
}

async function benchIngestByStore(pg: BenchPostgres, o: StoreOptions): Promise<StoreBench['ingest']> {
  const configPath = writeFleetConfig(o.dir, null);
  const people = o.people;
  const batches = people * 3 * 4;
  const runs = await inRounds(o.rounds, async (round) => {
    const out = {} as Record<SetupName, number>;
    // The set-ups alternate within a round, so a change in the machine's load hits each alike.
    for (const setup of SETUPS) {
      const name = `${setup.store}_${setup.collectors}_${round}`;
      const env: Record<string, string> = { KINDLING_CONFIG: configPath, KINDLING_ADMIN_TOKEN: BENCH_ADMIN_TOKEN };
      if (setup.store === 'postgres') env.KINDLING_DATABASE_URL = await pg.database(name);
      else env.KINDLING_DB = join(o.dir, `${name}.db`);
      out[setup.name] = await ingestOnce(env, setup.collectors, people, batches);
      o.log(`store: ingest ${setup.name}, round ${round + 1}/${o.rounds}: ${out[setup.name]} events/s`);
    }
    return out;
  });
  const of = (name: SetupName) => runs.map((r) => r[name]);
  return {
    people,
    batches,
    eventsPerSecond: { sqlite: spread(of('sqlite')), postgres: spread(of('postgres')), 'postgres×3': spread(of('postgres×3')) },
    ratios: { postgresVsSqlite: pairedRatio(of('postgres'), of('sqlite')), threeVsOne: pairedRatio(of('postgres×3'), of('postgres')) },
  };
}

async function hotLeadsOn(collector: Child, o: StoreOptions, durationMs: number) {
  try {
    await untilRulesSettled(collector.port, o.log);
    const headers = { authorization: `Bearer ${BENCH_ADMIN_TOKEN}` };
    const rounds = await inRounds(o.rounds, () =>
      runLoad({ port: collector.port, path: '/api/leads?limit=50', headers, connections: 2, durationMs }),
    );
    for (const r of rounds)
      if (Object.keys(r.statuses).some((s) => s !== '200')) throw new Error(`API answered ${JSON.stringify(r.statuses)}`);
    return { p50: spread(rounds.map((r) => r.p50)), p95: spread(rounds.map((r) => r.p95)) };
  } finally {
    await collector.stop();
  }
}

async function benchHotLeadsByStore(pg: BenchPostgres, o: StoreOptions): Promise<StoreBench['hotLeads']> {
  // Leads through the writer and the engine (two events each), no bulk history: the hot list reads leads, not events.
  const data = await dataset(
    { name: 'stores', leads: o.leads, engineEventsPerLead: 2, bulkEventsPerLead: 0, anonymousEvents: 0, days: 60, seed: 3 },
    o.log,
  );
  o.log(`store: ${data.leads} leads; moving them into PostgreSQL with migrate-store`);
  const url = await pg.database('hot_leads');
  const moved = await runMigrateStore(
    { from: data.path, to: url, batchRows: 1000 },
    { progress: { write: () => {} }, config: testConfig() },
  );
  const configPath = writeFleetConfig(o.dir, null);
  o.log(`store: moved ${moved.rows} rows in ${(moved.ms + moved.rescore.ms) / 1000} s; hot leads on SQLite, then on PostgreSQL`);
  const lite = await hotLeadsOn(await startCollector(data.path, configPath), o, o.durationMs);
  const post = await hotLeadsOn(
    await startNode('dist/collector/main.js', {
      KINDLING_DATABASE_URL: url,
      KINDLING_CONFIG: configPath,
      KINDLING_ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
    }),
    o,
    o.durationMs,
  );
  return {
    leads: data.leads,
    events: data.events,
    p50Ms: { sqlite: lite.p50, postgres: post.p50 },
    p95Ms: { sqlite: lite.p95, postgres: post.p95 },
    moveSeconds: Math.round((moved.ms + moved.rescore.ms) / 100) / 10,
    movedRows: moved.rows,
  };
}

export interface StoreOptions {
  dir: string;
  rounds: number;
  people: number;
  leads: number;
  durationMs: number;
  log: (line: string) => void;
}

/** Issue 14.8: ingest on SQLite vs PostgreSQL with one collector and three; the hot-leads API on both at 100k leads. */
export async function benchStores(o: StoreOptions): Promise<StoreBench> {
  const pg = await startBenchPostgres();
  try {
    return { ingest: await benchIngestByStore(pg, o), hotLeads: await benchHotLeadsByStore(pg, o) };
  } finally {
    pg.stop();
  }
}
