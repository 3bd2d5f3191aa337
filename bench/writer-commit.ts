/**
 * The writer's fixed cost per transaction and per request, in process (no HTTP):
 *   npm run bench:engine -- writer [shapes=1x1,16x1,64x20] [commits=400] [rounds=3] [fsync=off] [fresh]
 * A shape RxE is R requests of E events each, committed together in one transaction (the writer
 * gathers every `write` made in the same turn). Request bodies are the bench's traffic (returning
 * visitors, a fifth identified, demo requests that cross stages), parsed and enriched beforehand,
 * outside the measured time; alerts go to a local receiver, as the bench's collector's do. Printed
 * per shape: process CPU (user + system, which includes the commit's fsync work but not its wait)
 * per commit, per request and per event, the system share, and how often a commit woke the webhook
 * sender (each wake is a look at the outbox, a transaction of its own). `fsync=off` sets
 * `synchronous=OFF`: measurement only, to tell the fsync's share apart; the collector always runs
 * with `synchronous=FULL`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { testConfig } from '../collector/config/index.js';
import { createKindling } from '../collector/kindling.js';
import { enrichBatch } from '../collector/ingest/enrich.js';
import { createSiteRegistry } from '../collector/ingest/sites.js';
import { parseUserAgent } from '../collector/ingest/user-agent.js';
import { wireBatchSchema } from '../collector/ingest/wire.js';
import type { NewEvent } from '../collector/events/types.js';
import { startWebhookReceiver } from '../test/support/webhook-receiver.js';
import { trafficMaker } from './traffic.js';

const ALERTED = ['lead.entered_mql', 'lead.entered_near_sql', 'lead.entered_sql'] as const;

export interface CommitShape {
  requests: number;
  eventsPerRequest: number;
}

export interface CommitCost {
  shape: CommitShape;
  commits: number;
  cpuUsPerCommit: number;
  cpuUsPerRequest: number;
  cpuUsPerEvent: number;
  systemShare: number;
  wallUsPerCommit: number;
  /** The sender woken after a commit: each wake is a look at the outbox, a transaction of its own. */
  senderWakesPerCommit: number;
}

export const parseShapes = (text: string): CommitShape[] =>
  text.split(',').map((s) => {
    const [requests, eventsPerRequest] = s.split('x').map(Number);
    if (!requests || !eventsPerRequest) throw new Error(`shape ${s}: expected RxE, e.g. 16x1`);
    return { requests, eventsPerRequest };
  });

/**
 * One shape on a fresh database: `warmup` commits first, then `commits` measured. The default
 * warm-up is a whole pass over the 2,000 visitors (leads created, caches and JIT warm: the steady
 * state); `fresh` keeps it to 50 commits, so the measured ones include the first visits, where
 * leads are created and alerts sent, as in the bench's ingest step, which starts on a new database.
 */
export async function writerCommitCost(
  dir: string,
  shape: CommitShape,
  commits: number,
  fsync: boolean,
  runId: string,
  fresh = false,
): Promise<CommitCost> {
  // Alerts as the bench's collector has them: one endpoint for the upper stages, on a local receiver.
  const receiver = await startWebhookReceiver();
  const config = testConfig(
    { webhooks: { allowPrivateTargets: 'loopback', endpoints: [{ url: receiver.url, events: [...ALERTED] }] } },
    { KINDLING_DB: join(dir, `commit-${runId}.db`) },
  );
  const kindling = await createKindling(config, { log: () => {} });
  if (!fsync) kindling.db.pragma('synchronous = OFF');
  const { sender } = kindling.alerts;
  const wake = sender.wake.bind(sender);
  let wakes = 0;
  sender.wake = () => {
    wakes++;
    wake();
  };
  const site = createSiteRegistry(config.sites).get('demo')!;
  const userAgent = parseUserAgent('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36');
  const make = trafficMaker({ runId, eventsPerRequest: shape.eventsPerRequest });
  const prepare = (): NewEvent[] =>
    enrichBatch(wireBatchSchema.parse(JSON.parse(make())), site, { receivedAt: Date.now(), ip: '203.0.113.0', userAgent });
  const commit = async (requests: NewEvent[][]) => {
    await Promise.all(requests.map((events) => kindling.writer.write(events)));
    // Let what a commit starts (the sender's look at the outbox, live updates) run inside the measurement.
    await new Promise((resolve) => setImmediate(resolve));
  };
  const units = (n: number) => Array.from({ length: n }, () => Array.from({ length: shape.requests }, prepare));

  const warmup = fresh ? 50 : Math.max(50, Math.ceil(2000 / shape.requests));
  for (const requests of units(warmup)) await commit(requests);

  const prepared = units(commits);
  const batchesBefore = kindling.writer.stats.batches;
  const wakesBefore = wakes;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (const requests of prepared) await commit(requests);
  const wallUs = (performance.now() - started) * 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const committed = kindling.writer.stats.batches - batchesBefore;
  const senderWakes = wakes - wakesBefore;
  await kindling.close();
  await receiver.close();
  if (committed !== commits) throw new Error(`expected ${commits} commits, the writer made ${committed}`);
  const cpuUs = cpu.user + cpu.system;
  return {
    shape,
    commits,
    cpuUsPerCommit: cpuUs / commits,
    cpuUsPerRequest: cpuUs / (commits * shape.requests),
    cpuUsPerEvent: cpuUs / (commits * shape.requests * shape.eventsPerRequest),
    systemShare: cpu.system / cpuUs,
    wallUsPerCommit: wallUs / commits,
    senderWakesPerCommit: senderWakes / commits,
  };
}

/** Shapes alternated round by round (a shared machine's load drifts), each run on a fresh database. */
export async function benchWriterCommit(
  shapes: CommitShape[],
  commits: number,
  rounds: number,
  fsync: boolean,
  fresh = false,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kindling-commit-'));
  const load = () =>
    import('node:os').then((os) =>
      os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' '),
    );
  console.log(
    `writer cost per commit, synchronous=${fsync ? 'FULL' : 'OFF (measurement only)'}, ${commits} commits per run, load ${await load()}`,
  );
  try {
    for (let round = 0; round < rounds; round++) {
      for (const shape of shapes) {
        const c = await writerCommitCost(dir, shape, commits, fsync, `c${round}${shape.requests}x${shape.eventsPerRequest}`, fresh);
        console.log(
          `${`${shape.requests}x${shape.eventsPerRequest}`.padEnd(6)} round ${round + 1}: ` +
            `${c.cpuUsPerCommit.toFixed(0).padStart(6)} µs CPU/commit ${c.cpuUsPerRequest.toFixed(1).padStart(7)} /request ` +
            `${c.cpuUsPerEvent.toFixed(1).padStart(7)} /event  system ${(c.systemShare * 100).toFixed(0)}%  ` +
            `wall ${c.wallUsPerCommit.toFixed(0)} µs/commit  sender woken ${c.senderWakesPerCommit.toFixed(2)}/commit`,
        );
      }
    }
    console.log(`load ${await load()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
