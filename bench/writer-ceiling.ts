import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { testConfig } from '../collector/config/index.js';
import { createKindling } from '../collector/kindling.js';
import { enrichBatch } from '../collector/ingest/enrich.js';
import { createSiteRegistry } from '../collector/ingest/sites.js';
import { parseUserAgent } from '../collector/ingest/user-agent.js';
import { wireBatchSchema } from '../collector/ingest/wire.js';
import type { NewEvent } from '../collector/events/types.js';
import { trafficMaker } from './traffic.js';

export interface WriterCeiling {
  eventsPerSecond: number;
  /** Microseconds of the ingest work outside HTTP (JSON, schema, enrichment) per event. */
  parseEnrichUsPerEvent: number;
  /**
   * Process CPU (user + system) per stored event while the writer commits, batches prepared
   * beforehand: the figure that compares across loads on a shared machine, where wall time does not.
   */
  writerCpuUsPerEvent: number;
}

/**
 * What the pipeline costs without HTTP: 20-event batches parsed, validated and enriched (timed
 * alone), then handed to the writer (with the engine and every projection) 64 at a time. The gap
 * between this and the HTTP figure is what HTTP costs; this figure is the storage ceiling.
 */
export async function writerCeiling(dir: string, durationMs: number, runId = 'w'): Promise<WriterCeiling> {
  const config = testConfig({}, { KINDLING_DB: join(dir, `ceiling-${runId}.db`) });
  const kindling = await createKindling(config, { log: () => {} });
  const site = createSiteRegistry(config.sites).get('demo')!;
  const userAgent = parseUserAgent('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36');
  const make = trafficMaker({ runId, eventsPerRequest: 20 });
  const prepare = (): NewEvent[] =>
    enrichBatch(wireBatchSchema.parse(JSON.parse(make())), site, { receivedAt: Date.now(), ip: '203.0.113.0', userAgent });

  for (let i = 0; i < 500; i++) prepare(); // warm up the JIT first
  const parseStart = performance.now();
  const sample = Array.from({ length: 2000 }, prepare);
  const parseEnrichUsPerEvent = ((performance.now() - parseStart) * 1000) / (sample.length * 20);

  let events = 0;
  let writerCpuUs = 0;
  const started = performance.now();
  while (performance.now() - started < durationMs) {
    const batches = Array.from({ length: 64 }, prepare);
    const cpuBefore = process.cpuUsage();
    const writes = batches.map((batch) => kindling.writer.write(batch));
    for (const r of await Promise.all(writes)) events += r.inserted;
    const cpu = process.cpuUsage(cpuBefore);
    writerCpuUs += cpu.user + cpu.system;
  }
  const seconds = (performance.now() - started) / 1000;
  await kindling.close();
  return { eventsPerSecond: events / seconds, parseEnrichUsPerEvent, writerCpuUsPerEvent: writerCpuUs / events };
}
