import { join } from 'node:path';
import { INGEST_HEADERS, failures } from './ingest.js';
import { runLoad } from './load.js';
import { startCollector } from './processes.js';
import { spread, type Spread } from './stats.js';
import { trafficMaker } from './traffic.js';

export interface RssBench {
  seconds: number;
  /** Peak resident set size of the collector process (VmHWM), MiB. */
  peakMb: number | null;
  /** RSS sampled once a second during the load, MiB. */
  sampledMb: Spread;
  lastMb: number | null;
  eventsPerSecond: number;
  failures: number;
}

/**
 * Memory under sustained realistic ingest, with the collector started the plain way
 * (`node dist/collector/main.js`, no flags): single events and 20-event batches at once.
 */
export async function benchRss(o: {
  dir: string;
  configPath: string;
  durationMs: number;
  identifyShare: number;
  log: (line: string) => void;
}): Promise<RssBench> {
  o.log(`rss: node dist/collector/main.js under sustained ingest for ${o.durationMs / 1000} s`);
  const collector = await startCollector(join(o.dir, 'rss.db'), o.configPath);
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
        body: trafficMaker({ runId: `m${eventsPerRequest}x`, eventsPerRequest, identifyShare: o.identifyShare }),
        connections: 16,
        durationMs: o.durationMs,
        warmupMs: 0,
      });
    const [single, batched] = await Promise.all([load(1), load(20)]);
    return {
      seconds: o.durationMs / 1000,
      peakMb: collector.peakRssMb(),
      sampledMb: spread(samples),
      lastMb: samples.at(-1) ?? null,
      eventsPerSecond: single.rps + batched.rps * 20,
      failures: failures(single) + failures(batched),
    };
  } finally {
    clearInterval(sampler);
    await collector.stop();
  }
}
