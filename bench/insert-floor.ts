/**
 * The writer's storage floor on batched ingest (issue 18 point 3):
 *   npm run bench:engine -- insert-floor [commits=200] [rounds=3] [fsync=off]
 * The bench's 20-event requests, parsed and enriched beforehand, appended 64 to a transaction with the
 * collector's own statements (the `events` insert with its indexes, the visitor upsert) and nothing
 * else: no engine, no accounts, no outbox. Process CPU (user + system) per stored event is what any
 * writer on this schema pays before projecting anything; compare it with `writer shapes=64x20`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { testConfig } from '../collector/config/index.js';
import { createKindling } from '../collector/kindling.js';
import { enrichBatch } from '../collector/ingest/enrich.js';
import { createSiteRegistry } from '../collector/ingest/sites.js';
import { parseUserAgent } from '../collector/ingest/user-agent.js';
import { wireBatchSchema } from '../collector/ingest/wire.js';
import { createEventStore } from '../collector/store/sqlite/event-log.js';
import type { NewEvent } from '../collector/events/types.js';
import { trafficMaker } from './traffic.js';

const REQUESTS_PER_COMMIT = 64;
const EVENTS_PER_REQUEST = 20;

async function insertFloorOnce(dir: string, commits: number, fsync: boolean, runId: string): Promise<{ cpuUs: number; systemUs: number }> {
  const config = testConfig({}, { KINDLING_DB: join(dir, `floor-${runId}.db`) });
  const kindling = await createKindling(config, { log: () => {} });
  try {
    if (!fsync) kindling.db.pragma('synchronous = OFF');
    const log = createEventStore(kindling.db);
    const site = createSiteRegistry(config.sites).get('demo')!;
    const userAgent = parseUserAgent(
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    );
    const make = trafficMaker({ runId, eventsPerRequest: EVENTS_PER_REQUEST });
    const prepare = (): NewEvent[] =>
      enrichBatch(wireBatchSchema.parse(JSON.parse(make())), site, { receivedAt: Date.now(), ip: '203.0.113.0', userAgent });
    const units = (n: number) => Array.from({ length: n }, () => Array.from({ length: REQUESTS_PER_COMMIT }, prepare));
    const commit = kindling.db.transaction((requests: NewEvent[][]) => {
      for (const events of requests) log.insert(events);
    });
    // A whole pass over the visitors first, as the writer bench's steady state.
    for (const requests of units(Math.ceil(2000 / REQUESTS_PER_COMMIT))) commit(requests);
    const prepared = units(commits);
    const before = process.cpuUsage();
    for (const requests of prepared) commit(requests);
    const cpu = process.cpuUsage(before);
    return { cpuUs: cpu.user + cpu.system, systemUs: cpu.system };
  } finally {
    await kindling.close();
  }
}

export async function benchInsertFloor(commits: number, rounds: number, fsync: boolean): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kindling-floor-'));
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
  console.log(
    `insert floor, ${REQUESTS_PER_COMMIT}x${EVENTS_PER_REQUEST} per commit, synchronous=${fsync ? 'FULL' : 'OFF (measurement only)'}, load ${load()}`,
  );
  try {
    for (let round = 0; round < rounds; round++) {
      const { cpuUs, systemUs } = await insertFloorOnce(dir, commits, fsync, `f${round}`);
      const events = commits * REQUESTS_PER_COMMIT * EVENTS_PER_REQUEST;
      console.log(
        `round ${round + 1}: ${(cpuUs / events).toFixed(2)} µs CPU/event (system ${(systemUs / events).toFixed(2)}), load ${load()}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
