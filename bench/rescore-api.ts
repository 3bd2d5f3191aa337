import { closeSync, copyFileSync, openSync, readSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runLoad, type LoadResult } from './load.js';
import { BENCH_ADMIN_TOKEN, startCollector } from './processes.js';
import { spread, type Spread } from './stats.js';
import { INGEST_HEADERS } from './ingest.js';
import { trafficMaker } from './traffic.js';
import type { Dataset } from './dataset.js';

const auth = { authorization: `Bearer ${BENCH_ADMIN_TOKEN}` };

export interface RescoreBench {
  events: number;
  leads: number;
  /** Replayed events per second as the API reports them, per round. */
  eventsPerSecond: Spread;
  seconds: Spread;
  stageChangesFirstRound: number;
  /** Single-event ingest on the same collector and database: alone, then while a rescore runs. */
  ingestIdle: { p50Ms: number; p99Ms: number; rps: number };
  ingestDuringRescore: { p50Ms: number; p99Ms: number; maxMs: number; rps: number; requests: number; rescoreSeconds: number };
  /**
   * The same during a rescore that rewrites every lead (the first rescore of a fresh copy of the
   * dataset, as after a rule change that moves every score): the writer then applies the changed
   * leads in slices between ingest's commits, which a rescore under unchanged rules never does.
   */
  ingestDuringRewrite?: {
    p50Ms: number;
    p99Ms: number;
    maxMs: number;
    rps: number;
    requests: number;
    rescoreSeconds: number;
    eventsPerSecond: number;
    stageChanges: number;
  };
  /**
   * POST /api/backtest (the default rules against the configured ones) on the same database, per
   * round: events of history replayed per second (each event counts once, though it is replayed
   * under both rule sets), the worker threads it ran in, and single-event ingest during one more.
   */
  backtest?: {
    eventsPerSecond: Spread;
    seconds: Spread;
    workers: number;
    /** Leads whose stage the proposed rules change: more than none, or the comparison did no work. */
    bandChanges: number;
    ingestDuring: { p50Ms: number; p99Ms: number; maxMs: number; rps: number; requests: number; backtestSeconds: number };
  };
  collectorPeakRssMb: number | null;
}

export interface ApiBench {
  leads: number;
  events: number;
  hotLeadsP95Ms: Spread;
  hotLeadsP50Ms: Spread;
  leadPageP95Ms: Spread;
  leadPageP50Ms: Spread;
  rps: { hotLeads: Spread; leadPage: Spread };
  collectorPeakRssMb: number | null;
}

/**
 * What the bench's backtests propose: the default rules with a faster decay (the collector runs the
 * defaults), so every lead's score differs and both replays are real work, as when a marketer
 * tries a change.
 */
const PROPOSED_RULES = { halfLifeDays: 14 };

interface BacktestAnswer {
  leads: number;
  events: number;
  ms: number;
  workers: number;
  bandChangesTotal: number;
}

interface RescoreAnswer {
  leads: number;
  events: number;
  stageChanges: number;
  ms: number;
}

/**
 * POST and read the JSON answer, however long it takes: node:http, because fetch gives up on an
 * answer whose headers take over 300 s (a 1M-event rescore on a busy machine can), and says only
 * "fetch failed".
 */
export function post<T>(port: number, path: string, body?: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? auth : { ...auth, 'content-type': 'application/json' };
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) return reject(new Error(`POST ${path} → ${res.statusCode} ${text}`));
        try {
          resolve(JSON.parse(text) as T);
        } catch (err) {
          reject(new Error(`POST ${path}: not JSON: ${(err as Error).message}`));
        }
      });
      res.on('error', reject);
    });
    req.on('error', (err) => reject(new Error(`POST ${path}: ${err.message}`)));
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/**
 * A collector started on a database whose rules fingerprint differs from its rules (the engine's
 * rules or their defaults changed since the dataset was made) rescores it in the background.
 * Measuring during that would measure the rescore: wait until it is done.
 */
export async function untilRulesSettled(port: number, log: (line: string) => void): Promise<void> {
  for (let said = false; ; said = true) {
    const res = await fetch(`http://127.0.0.1:${port}/api/rules`, { headers: auth });
    if (!res.ok) throw new Error(`GET /api/rules → ${res.status}`);
    if (!((await res.json()) as { rescoreDue: boolean }).rescoreDue) return;
    if (!said) log('the scoring rules changed since this database was made: waiting for the collector’s own rescore');
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/**
 * POST /api/rescore on the collector serving a copy of the dataset (the cached file stays as it
 * was made), `rounds` times, then POST /api/backtest `rounds` times; then single-event ingest alone,
 * during one more rescore and during one more backtest, and on a fresh copy during a rescore that
 * rewrites every lead, so what they cost the site being measured shows as ingest latency.
 */
export async function benchRescore(o: {
  data: Dataset;
  dir: string;
  configPath: string;
  rounds: number;
  ingestMs: number;
  identifyShare: number;
  log: (line: string) => void;
}): Promise<RescoreBench> {
  const copy = join(o.dir, 'rescore.db');
  const traffic = (runId: string) => trafficMaker({ runId, eventsPerRequest: 1, identifyShare: o.identifyShare });
  /** Single-event ingest from 4 connections until `until` settles (or for the idle time), as the site being measured sends it. */
  const ingestOn = (port: number, runId: string, until: Promise<unknown> | null) =>
    runLoad({
      port,
      path: '/e',
      headers: INGEST_HEADERS,
      body: traffic(runId),
      connections: 4,
      durationMs: until ? 600_000 : o.ingestMs,
      ...(until ? { warmupMs: 0, stopWhen: until } : {}),
    });
  const ingestDuringRewrite = async (): Promise<NonNullable<RescoreBench['ingestDuringRewrite']>> => {
    const fresh = join(o.dir, 'rescore-fresh.db');
    copyFileSync(o.data.path, fresh);
    const c = await startCollector(fresh, o.configPath);
    try {
      await untilRulesSettled(c.port, o.log);
      const started = performance.now();
      const rescore = post<RescoreAnswer>(c.port, '/api/rescore');
      const load = await ingestOn(c.port, 'rw', rescore);
      const answer = await rescore;
      return {
        p50Ms: load.p50,
        p99Ms: load.p99,
        maxMs: load.max,
        rps: load.rps,
        requests: load.requests,
        rescoreSeconds: (performance.now() - started) / 1000,
        eventsPerSecond: answer.events / (answer.ms / 1000),
        stageChanges: answer.stageChanges,
      };
    } finally {
      await c.stop();
      rmSync(fresh, { force: true });
    }
  };
  copyFileSync(o.data.path, copy);
  const collector = await startCollector(copy, o.configPath);
  try {
    await untilRulesSettled(collector.port, o.log);
    const answers: RescoreAnswer[] = [];
    for (let round = 0; round < o.rounds; round++) {
      o.log(`rescore: round ${round + 1}/${o.rounds}`);
      answers.push(await post<RescoreAnswer>(collector.port, '/api/rescore'));
    }
    const backtests: BacktestAnswer[] = [];
    for (let round = 0; round < o.rounds; round++) {
      o.log(`backtest: round ${round + 1}/${o.rounds}`);
      backtests.push(await post<BacktestAnswer>(collector.port, '/api/backtest', PROPOSED_RULES));
    }
    o.log(`rescore: single-event ingest alone for ${o.ingestMs / 1000} s, then during a rescore, then during a backtest`);
    const idle = await ingestOn(collector.port, 'ri', null);
    let started = performance.now();
    const rescore = post<RescoreAnswer>(collector.port, '/api/rescore');
    const during = await ingestOn(collector.port, 'rd', rescore);
    await rescore;
    const rescoreSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const backtest = post<BacktestAnswer>(collector.port, '/api/backtest', PROPOSED_RULES);
    const duringBacktest = await ingestOn(collector.port, 'bd', backtest);
    await backtest;
    const backtestSeconds = (performance.now() - started) / 1000;
    const collectorPeakRssMb = collector.peakRssMb();
    await collector.stop();
    o.log('rescore: single-event ingest during a rescore that rewrites every lead (a fresh copy of the dataset)');
    const rewrite = await ingestDuringRewrite();
    return {
      events: answers[0]!.events,
      leads: answers[0]!.leads,
      eventsPerSecond: spread(answers.map((a) => a.events / (a.ms / 1000))),
      seconds: spread(answers.map((a) => a.ms / 1000)),
      stageChangesFirstRound: answers[0]!.stageChanges,
      ingestIdle: { p50Ms: idle.p50, p99Ms: idle.p99, rps: idle.rps },
      ingestDuringRescore: {
        p50Ms: during.p50,
        p99Ms: during.p99,
        maxMs: during.max,
        rps: during.rps,
        requests: during.requests,
        rescoreSeconds,
      },
      ingestDuringRewrite: rewrite,
      backtest: {
        eventsPerSecond: spread(backtests.map((a) => a.events / (a.ms / 1000))),
        seconds: spread(backtests.map((a) => a.ms / 1000)),
        workers: backtests[0]!.workers,
        bandChanges: backtests[0]!.bandChangesTotal,
        ingestDuring: {
          p50Ms: duringBacktest.p50,
          p99Ms: duringBacktest.p99,
          maxMs: duringBacktest.max,
          rps: duringBacktest.rps,
          requests: duringBacktest.requests,
          backtestSeconds,
        },
      },
      collectorPeakRssMb,
    };
  } finally {
    await collector.stop();
  }
}

/**
 * The dashboard's two main reads on a big database: the hot-leads page (first page by current
 * score) and a lead page (detail with breakdown and timeline) for random leads.
 */
/**
 * Reads the database file once so it sits in the OS page cache, as it would on a server that has
 * been running: measured cold, a random lead's first page waits on the disk (~40 ms here) and the
 * percentiles would describe the disk.
 */
function warmPageCache(path: string): void {
  const fd = openSync(path, 'r');
  const buffer = Buffer.allocUnsafe(4 << 20);
  try {
    while (readSync(fd, buffer, 0, buffer.length, null) > 0);
  } finally {
    closeSync(fd);
  }
}

export async function benchApi({
  data,
  configPath,
  durationMs,
  rounds,
  log,
}: {
  data: Dataset;
  configPath: string;
  durationMs: number;
  rounds: number;
  log: (line: string) => void;
}): Promise<ApiBench> {
  warmPageCache(data.path);
  const collector = await startCollector(data.path, configPath);
  try {
    await untilRulesSettled(collector.port, log);
    let seed = 12345;
    const randomLead = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return 1 + (seed % data.leads);
    };
    const hotLeads: LoadResult[] = [];
    const leadPage: LoadResult[] = [];
    for (let round = 0; round < rounds; round++) {
      log(`api: hot leads and lead pages, round ${round + 1}/${rounds}, ${(2 * durationMs) / 1000} s`);
      hotLeads.push(await runLoad({ port: collector.port, path: '/api/leads?limit=50', headers: auth, connections: 2, durationMs }));
      leadPage.push(
        await runLoad({ port: collector.port, path: () => `/api/leads/${randomLead()}`, headers: auth, connections: 2, durationMs }),
      );
    }
    for (const r of [...hotLeads, ...leadPage])
      if (Object.keys(r.statuses).some((s) => s !== '200')) throw new Error(`API answered ${JSON.stringify(r.statuses)}`);
    return {
      leads: data.leads,
      events: data.events,
      hotLeadsP95Ms: spread(hotLeads.map((r) => r.p95)),
      hotLeadsP50Ms: spread(hotLeads.map((r) => r.p50)),
      leadPageP95Ms: spread(leadPage.map((r) => r.p95)),
      leadPageP50Ms: spread(leadPage.map((r) => r.p50)),
      rps: { hotLeads: spread(hotLeads.map((r) => r.rps)), leadPage: spread(leadPage.map((r) => r.rps)) },
      collectorPeakRssMb: collector.peakRssMb(),
    };
  } finally {
    await collector.stop();
  }
}
