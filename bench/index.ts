import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { distDir, projectRoot } from '../collector/paths.js';
import { demoConfig } from '../collector/config/demo.js';
import { parseBenchArgs, STEPS, type StepName } from './args.js';
import { benchIngest } from './ingest.js';
import { benchLateEvents } from './late-events.js';
import { benchRss } from './rss.js';
import { snippetSize } from './snippet-size.js';
import { benchNetwork } from './network.js';
import { writerCeiling } from './writer-ceiling.js';
import { dataset } from './dataset.js';
import { measureAlertLatency } from './alert-latency.js';
import { benchApi, benchRescore } from './rescore-api.js';
import { benchDashboard } from './dashboard-bench.js';
import { startWebhookReceiver } from '../test/support/webhook-receiver.js';
import { profileCollectorsInto, stopAll } from './processes.js';
import { renderResults, writeResults, TARGETS, type BenchResults } from './results.js';
import { inRounds, runSteps, type Step } from './steps.js';
import { spread } from './stats.js';
import { benchFleet } from './fleet.js';
import { benchStores } from './store.js';

const HELP = `Usage: npm run bench -- [--quick] [--only ${STEPS.join(',')}] [--out PATH] [--rounds 3] [--identify-share 0.2]

Measures on loopback and prints a table; each figure is measured in --rounds rounds (min/median/max).
  snippet    dist/snippet/k.js raw, gzip -9, brotli
  network    the reveal's IP data: load time, memory, µs per lookup (ASN + country + kind)
  ingest     POST /e, single events and 20-event batches: the collector beside a plain node:http
             handler, bare Hono on the same @hono/node-server, and a naive peer (Hono + better-sqlite3,
             one INSERT per event, WAL, synchronous=FULL), alternating, same traffic
  late       collector CPU per request with timestamps jittered 0–3 s ÷ in order
  rss        collector RSS over 2 minutes of sustained ingest, started as node dist/collector/main.js
  writer     the writer alone, without HTTP
  alerts     POST /e acknowledgement → webhook at a local receiver, p50/p99
  rescore    POST /api/rescore and /api/backtest on 1M events; ingest p99 alone, during a rescore and a backtest
  api        hot-leads page and lead page p50/p95 with 100,000 leads and 5M events
  dashboard  the home page with 100,000 leads in headless Chromium
  fleet      3 collectors on one PostgreSQL (a throwaway server, durability off), 300 people's batches spread
             over them, one SIGKILLed a third of the way in and restarted: events/s and the four checks
  store      ingest events/s through built collectors: SQLite, PostgreSQL, PostgreSQL with 3 collectors;
             hot-leads API p50/p95 on both stores at 100,000 leads (moved with npm run migrate-store)
Traffic: --identify-share of the visitors identify (forms with an email), some submit demo requests,
2% of batches arrive late from retry queues; webhooks go to a local receiver so the outbox works.
--cpu-prof DIR: every collector started writes a CPU profile into DIR; node dist/bench/cpu-profile.js DIR
lists each one's hot functions.
Only a full run of every step writes bench/results.json (the whole file, one run); --quick (a tenth of
the data, shorter runs) and --only print, and write only to --out PATH. The rescore and API databases
are made once and kept in data/bench/ (a quick run's beside the full run's).`;

/** Fixed, so the collector does not generate (and print) one: the receiver does not check signatures. */
const BENCH_WEBHOOK_SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2), projectRoot);
  if (args.help) return void console.log(HELP);
  const log = (line: string) => console.error(`bench: ${line}`);
  if (args.cpuProf) profileCollectorsInto(args.cpuProf);
  const dir = mkdtempSync(join(tmpdir(), 'kindling-bench-'));
  const started = Date.now();
  const results: BenchResults = {
    takenAt: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      platform: process.platform,
    },
    quick: args.quick,
    rounds: args.rounds,
    identifyShare: args.identifyShare,
    targets: TARGETS,
    loadAverage: { start: loadavg(), end: [] },
    steps: [],
  };
  const receiver = await startWebhookReceiver();
  // One configuration for every collector the bench starts: the load comes from one address, and
  // alerts go to the local receiver.
  const configPath = join(dir, 'config.json');
  const events = ['lead.entered_mql', 'lead.entered_near_sql', 'lead.entered_sql'];
  writeFileSync(
    configPath,
    JSON.stringify({
      ...demoConfig,
      rateLimit: { enabled: false },
      webhooks: { allowPrivateTargets: 'loopback', endpoints: [{ url: receiver.url, events, secret: BENCH_WEBHOOK_SECRET }] },
    }),
  );
  const seconds = (full: number) => (args.quick ? Math.max(2, Math.round(full / 4)) : full) * 1000;
  const scale = args.quick ? 0.1 : 1;
  const common = { dir, configPath, rounds: args.rounds, identifyShare: args.identifyShare, log };
  const minutes = (n: number) => n * 60_000;
  const steps: Record<StepName, Step<any>> = {
    snippet: {
      name: 'snippet',
      timeoutMs: minutes(1),
      run: async () => {
        if (!existsSync(join(distDir, 'snippet', 'k.js'))) throw new Error('dist/snippet/k.js was not built (npm run bench builds it)');
        return snippetSize();
      },
      keep: (r) => (results.snippet = r),
    },
    network: {
      name: 'network',
      timeoutMs: minutes(2),
      run: async () => benchNetwork({ rounds: args.rounds, lookups: args.quick ? 20_000 : 200_000 }),
      keep: (r) => (results.network = r),
    },
    ingest: {
      name: 'ingest',
      timeoutMs: minutes(15),
      run: () => benchIngest({ ...common, durationMs: seconds(5) }),
      keep: (r) => (results.ingest = r),
    },
    late: {
      name: 'late',
      timeoutMs: minutes(15),
      run: () => benchLateEvents({ ...common, durationMs: seconds(20) }),
      keep: (r) => (results.late = r),
    },
    rss: {
      name: 'rss',
      timeoutMs: minutes(3 * args.rounds),
      run: () => benchRss({ ...common, durationMs: seconds(120) }),
      keep: (r) => (results.rss = r),
    },
    writer: {
      name: 'writer',
      timeoutMs: minutes(5),
      run: async () => {
        log('writer: the writer alone (no HTTP), 20-event batches');
        const rs = await inRounds(args.rounds, (round) => writerCeiling(dir, seconds(5), `w${round}`));
        return {
          eventsPerSecond: spread(rs.map((r) => r.eventsPerSecond)),
          parseEnrichUsPerEvent: spread(rs.map((r) => r.parseEnrichUsPerEvent)),
          writerCpuUsPerEvent: spread(rs.map((r) => r.writerCpuUsPerEvent)),
        };
      },
      keep: (r) => (results.writer = r),
    },
    alerts: {
      name: 'alerts',
      timeoutMs: minutes(10),
      run: async () => {
        const leads = args.quick ? 100 : 500;
        const rs = await inRounds(args.rounds, (round) => {
          log(`alerts: POST /e acknowledgement → webhook arrival, ${leads} leads, round ${round + 1}/${args.rounds}`);
          return measureAlertLatency({ leads });
        });
        return {
          leads,
          p50Ms: spread(rs.map((r) => r.p50Ms)),
          p99Ms: spread(rs.map((r) => r.p99Ms)),
          maxMs: Math.max(...rs.map((r) => r.maxMs)),
          beforeAck: rs.reduce((n, r) => n + r.beforeAck, 0),
        };
      },
      keep: (r) => (results.alerts = r),
    },
    // Rescore: 50,000 leads with 20 events each (1M events replayed). API: 100,000 leads with 20
    // events each plus 3M anonymous events (5M in all). A tenth of that with --quick.
    rescore: {
      name: 'rescore',
      timeoutMs: minutes(30),
      run: async () => {
        const data = await dataset(
          { name: 'rescore', leads: 50_000 * scale, engineEventsPerLead: 4, bulkEventsPerLead: 16, anonymousEvents: 0, days: 60, seed: 1 },
          log,
        );
        log(`rescore: ${data.events.toLocaleString('en-US')} events, ${data.leads.toLocaleString('en-US')} leads`);
        return { ...(await benchRescore({ ...common, data, ingestMs: seconds(5) })), datasetBuiltSeconds: data.builtSeconds };
      },
      keep: (r) => (results.rescore = r),
    },
    api: {
      name: 'api',
      timeoutMs: minutes(30),
      run: async () => {
        const data = await dataset(
          {
            name: 'api',
            leads: 100_000 * scale,
            engineEventsPerLead: 4,
            bulkEventsPerLead: 16,
            anonymousEvents: 3_000_000 * scale,
            days: 90,
            seed: 2,
          },
          log,
        );
        log(`api: ${data.leads.toLocaleString('en-US')} leads, ${data.events.toLocaleString('en-US')} events`);
        return {
          ...(await benchApi({ data, configPath, durationMs: seconds(5), rounds: args.rounds, log })),
          datasetBuiltSeconds: data.builtSeconds,
        };
      },
      keep: (r) => (results.api = r),
    },
    dashboard: {
      name: 'dashboard',
      timeoutMs: minutes(15),
      run: () => benchDashboard(dir, 100_000 * scale, log),
      keep: (r) => (results.dashboard = r),
    },
    fleet: {
      name: 'fleet',
      timeoutMs: minutes(15),
      run: () => benchFleet({ dir, people: 300 * scale, log }),
      keep: (r) => (results.fleet = r),
    },
    store: {
      name: 'store',
      timeoutMs: minutes(40),
      run: () => benchStores({ dir, rounds: args.rounds, people: 200 * scale, leads: 100_000 * scale, durationMs: seconds(5), log }),
      keep: (r) => (results.store = r),
    },
  };
  try {
    results.steps = await runSteps(
      args.only.map((name) => steps[name]),
      log,
    );
  } finally {
    stopAll();
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  }
  results.loadAverage.end = loadavg();
  results.elapsedSeconds = Math.round((Date.now() - started) / 1000);
  console.log(renderResults(results));
  if (args.out) {
    writeResults(args.out, results);
    console.log(`\nwritten to ${relative(projectRoot, args.out) || args.out} (${results.elapsedSeconds} s)`);
  } else console.log(`\nnot written (a quick, partial or profiled run, without --out; ${results.elapsedSeconds} s)`);
  // A step that timed out may have left timers or sockets behind: the run is over.
  process.exit(results.steps.some((s) => !s.ok) ? 1 : 0);
}

main().catch((err: unknown) => {
  console.error(`bench: ${(err as Error).stack ?? err}`);
  process.exit(1);
});
