import { join } from 'node:path';
import { INGEST_HEADERS, failures } from './ingest.js';
import { runLoad } from './load.js';
import { startCollector } from './processes.js';
import { spread, type Spread } from './stats.js';
import { trafficMaker } from './traffic.js';

export interface RssBench {
  seconds: number;
  /** Peak resident set size (VmHWM) of each round's collector, MiB: the goal holds only if every round's does. */
  peakMb: Spread;
  /** RSS sampled once a second during the load, every round, MiB. */
  sampledMb: Spread;
  /** Each round's last sample, MiB. */
  lastMb: Spread;
  /** Events acknowledged per second, per round (more traffic grows the database and the cache faster). */
  eventsPerSecond: Spread;
  failures: number;
}

interface RssRound {
  peakMb: number;
  samples: number[];
  eventsPerSecond: number;
  failures: number;
}

/**
 * Memory under sustained realistic ingest, with the collector started the plain way
 * (`node dist/collector/main.js`, no flags): single events and 20-event batches at once. Each round
 * is a fresh collector on a fresh database.
 */
export async function benchRss(o: {
  dir: string;
  configPath: string;
  durationMs: number;
  rounds: number;
  identifyShare: number;
  log: (line: string) => void;
}): Promise<RssBench> {
  const rounds: RssRound[] = [];
  for (let round = 0; round < o.rounds; round++) {
    o.log(`rss: node dist/collector/main.js under sustained ingest for ${o.durationMs / 1000} s, round ${round + 1}/${o.rounds}`);
    rounds.push(await rssRound(o, join(o.dir, `rss-${round}.db`), `m${round}`));
  }
  return {
    seconds: o.durationMs / 1000,
    peakMb: spread(rounds.map((r) => r.peakMb)),
    sampledMb: spread(rounds.flatMap((r) => r.samples)),
    lastMb: spread(rounds.map((r) => r.samples.at(-1) ?? NaN)),
    eventsPerSecond: spread(rounds.map((r) => r.eventsPerSecond)),
    failures: rounds.reduce((n, r) => n + r.failures, 0),
  };
}

async function rssRound(
  o: { configPath: string; durationMs: number; identifyShare: number },
  dbPath: string,
  runId: string,
): Promise<RssRound> {
  const collector = await startCollector(dbPath, o.configPath);
  const samples: number[] = [];
  const sampler = setInterval(() => {
    const mb = collector.rssMb();
    if (mb !== null) samples.push(mb);
  }, 1000);
  try {
    const load = (eventsPerRequest: number) =>
      runLoad({
        port: collector.port,
        path: '/e',
        headers: INGEST_HEADERS,
        body: trafficMaker({ runId: `${runId}${eventsPerRequest}x`, eventsPerRequest, identifyShare: o.identifyShare }),
        connections: 16,
        durationMs: o.durationMs,
        warmupMs: 0,
      });
    const [single, batched] = await Promise.all([load(1), load(20)]);
    const peakMb = collector.peakRssMb();
    if (peakMb === null) throw new Error('rss: the collector exited before its peak RSS could be read');
    return { peakMb, samples, eventsPerSecond: single.rps + batched.rps * 20, failures: failures(single) + failures(batched) };
  } finally {
    clearInterval(sampler);
    await collector.stop();
  }
}
