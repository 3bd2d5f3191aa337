import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { projectRoot } from '../collector/paths.js';
import { runLoad, type LoadResult } from './load.js';
import { startCollector, startNode, type Child } from './processes.js';
import { pairedRatio, spread, type Spread } from './stats.js';
import { trafficMaker } from './traffic.js';

export type IngestTarget = 'node:http' | 'bare hono' | 'naive peer' | 'collector';

export interface IngestRow {
  target: IngestTarget;
  eventsPerRequest: number;
  rps: Spread;
  eventsPerSecond: Spread;
  p50Ms: Spread;
  p99Ms: Spread;
  /** The process's CPU (user + system) per request in the measured window, µs: the figure that compares across loads (absent in results written before it was measured). */
  cpuUsPerRequest?: Spread | null;
  /** Socket errors and answers other than 202/204, over every round. */
  failures: number;
}

export interface IngestBench {
  /** The @hono/node-server version in node_modules: the collector's and the bare Hono baseline's. */
  honoNodeServer: string;
  identifyShare: number;
  rows: IngestRow[];
  /** Requests per second of the first ÷ the second, paired round by round. */
  ratios: {
    singleVsBareHono: Spread;
    singleVsNodeHttp: Spread;
    singleVsNaivePeer: Spread;
    batchedVsNaivePeer: Spread;
    naiveSingleVsBareHono: Spread;
  };
  acknowledgedEvents: number;
  storedEvents: number;
  collectorPeakRssMb: number | null;
}

/**
 * Like many browsers at once. The collector answers after its group commit, so its throughput grows
 * with concurrency (more requests share a commit); a bare handler's does not need it. Same for all.
 */
const CONNECTIONS = 32;
const HUMAN = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
export const INGEST_HEADERS = { 'content-type': 'text/plain;charset=UTF-8', origin: 'http://localhost:3000', 'user-agent': HUMAN };
const OK = new Set(['202', '204']);

/** One measured load of `POST /e` on a bench child: the ingest step's headers, concurrency and CPU reading. */
export function ingestLoad(child: Child, body: () => string, durationMs: number): Promise<LoadResult> {
  return runLoad({
    port: child.port,
    path: '/e',
    headers: INGEST_HEADERS,
    body,
    connections: CONNECTIONS,
    durationMs,
    serverCpuSeconds: child.cpuSeconds,
  });
}

export const failures = (r: LoadResult) =>
  r.errors + Object.entries(r.statuses).reduce((n, [status, count]) => n + (OK.has(status) ? 0 : count), 0);

export function honoNodeServerVersion(): string {
  return (
    JSON.parse(readFileSync(join(projectRoot, 'node_modules', '@hono', 'node-server', 'package.json'), 'utf8')) as { version: string }
  ).version;
}

export interface IngestOptions {
  dir: string;
  configPath: string;
  durationMs: number;
  rounds: number;
  identifyShare: number;
  log: (line: string) => void;
}

/**
 * The collector beside three baselines, each in its own process, on the same traffic: a plain
 * node:http handler, bare Hono on the same @hono/node-server, and the naive peer. Rounds alternate
 * the targets, so a disturbance on the shared machine hits a round of each rather than one target.
 */
export async function benchIngest({ dir, configPath, durationMs, rounds, identifyShare, log }: IngestOptions): Promise<IngestBench> {
  const dbPath = join(dir, 'ingest.db');
  const children: [IngestTarget, Child][] = [];
  const results = new Map<string, LoadResult[]>();
  let acknowledged = 0;
  let collectorPeakRssMb: number | null = null;
  try {
    children.push(['node:http', await startNode('dist/bench/node-http-server.js', {})]);
    children.push(['bare hono', await startNode('dist/bench/bare-server.js', {})]);
    children.push(['naive peer', await startNode('dist/bench/naive-peer.js', { NAIVE_DB: join(dir, 'naive.db') })]);
    const collector = await startCollector(dbPath, configPath);
    children.push(['collector', collector]);
    let run = 0;
    for (const eventsPerRequest of [1, 20]) {
      for (let round = 0; round < rounds; round++) {
        for (const [target, child] of children) {
          log(`ingest: ${target}, ${eventsPerRequest} event(s) per request, round ${round + 1}/${rounds}, ${durationMs / 1000} s`);
          const body = trafficMaker({ runId: `r${(run++).toString(36)}x`, eventsPerRequest, identifyShare });
          const result = await ingestLoad(child, body, durationMs);
          if (target === 'collector') acknowledged += (result.statuses['202'] ?? 0) * eventsPerRequest;
          const key = `${target}/${eventsPerRequest}`;
          results.set(key, [...(results.get(key) ?? []), result]);
        }
      }
    }
    collectorPeakRssMb = collector.peakRssMb();
  } finally {
    for (const [, child] of children) await child.stop();
  }
  const db = new Database(dbPath, { readonly: true });
  const storedEvents = (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
  db.close();

  const rows: IngestRow[] = [...results].map(([key, rs]) => {
    const [target, events] = key.split('/') as [IngestTarget, string];
    const eventsPerRequest = Number(events);
    return {
      target,
      eventsPerRequest,
      rps: spread(rs.map((r) => r.rps)),
      eventsPerSecond: spread(rs.map((r) => r.rps * eventsPerRequest)),
      p50Ms: spread(rs.map((r) => r.p50)),
      p99Ms: spread(rs.map((r) => r.p99)),
      cpuUsPerRequest: rs.every((r) => r.cpuUsPerRequest !== null) ? spread(rs.map((r) => r.cpuUsPerRequest!)) : null,
      failures: rs.reduce((n, r) => n + failures(r), 0),
    };
  });
  const rps = (target: IngestTarget, e: number) => rows.find((r) => r.target === target && r.eventsPerRequest === e)!.rps.rounds;
  return {
    honoNodeServer: honoNodeServerVersion(),
    identifyShare,
    rows,
    ratios: {
      singleVsBareHono: pairedRatio(rps('collector', 1), rps('bare hono', 1)),
      singleVsNodeHttp: pairedRatio(rps('collector', 1), rps('node:http', 1)),
      singleVsNaivePeer: pairedRatio(rps('collector', 1), rps('naive peer', 1)),
      batchedVsNaivePeer: pairedRatio(rps('collector', 20), rps('naive peer', 20)),
      naiveSingleVsBareHono: pairedRatio(rps('naive peer', 1), rps('bare hono', 1)),
    },
    acknowledgedEvents: acknowledged,
    storedEvents,
    collectorPeakRssMb,
  };
}
