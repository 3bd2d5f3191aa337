import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { distDir, projectRoot } from '../collector/paths.js';
import { benchIngest } from './ingest.js';
import { snippetSize } from './snippet-size.js';
import { writerCeiling } from './writer-ceiling.js';
import { dataset } from './dataset.js';
import { measureAlertLatency } from './alert-latency.js';
import { benchApi, benchRescore } from './rescore-api.js';
import { demoConfig } from '../collector/config/demo.js';
import { renderResults, TARGETS, type BenchResults } from './results.js';
import { benchDashboard } from './dashboard-bench.js';

const HELP = `Usage: npm run bench [-- --quick] [-- --only ingest,snippet,alerts,rescore,api,dashboard]

Measures on loopback, in a few minutes, and writes bench/results.json:
  ingest   POST /e throughput and p50/p99, single events and 20-event batches, beside a bare Hono
           handler returning 204 in the same run (best of two alternating rounds); the writer
           alone without HTTP; the collector's peak RSS
  alerts   acknowledgement of the SQL-making POST /e → webhook at a local receiver, p50/p99
  snippet  dist/snippet/k.js raw, gzip -9, brotli
  rescore  POST /api/rescore over 50,000 leads and 1M events
  api      hot-leads page and lead page p50/p95/p99 with 100,000 leads and 5M events
  dashboard  the home page with 100,000 leads in headless Chromium: first rows, a click, a filter
The rescore and API databases are made once (a few minutes) and kept in data/bench/.
Targets are reported, never asserted. --quick: a tenth of the data, shorter runs.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) return void console.log(HELP);
  const only = new Set((values.only ?? 'ingest,snippet,alerts,rescore,api,dashboard').split(','));
  const log = (line: string) => console.error(`bench: ${line}`);
  const dir = mkdtempSync(join(tmpdir(), 'kindling-bench-'));
  const started = Date.now();
  const results: BenchResults = {
    takenAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform },
    quick: values.quick,
    targets: TARGETS,
  };
  // One configuration for every collector the bench starts: the load comes from one address.
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...demoConfig, rateLimit: { enabled: false } }));
  const seconds = (full: number) => (values.quick ? Math.max(1, Math.round(full / 3)) : full) * 1000;
  try {
    if (only.has('snippet')) {
      if (existsSync(join(distDir, 'snippet', 'k.js'))) results.snippet = snippetSize();
      else log('snippet: dist/snippet/k.js was not built (no snippet/src?): size not measured');
    }
    if (only.has('ingest')) {
      results.ingest = await benchIngest({ dir, durationMs: seconds(5), log });
      log('ingest: the writer alone (no HTTP), 20-event batches');
      results.writerCeiling = await writerCeiling(dir, seconds(5));
    }
    if (only.has('alerts')) {
      log('alerts: POST /e acknowledgement → webhook arrival at a local receiver');
      results.alerts = await measureAlertLatency({ leads: values.quick ? 100 : 500 });
    }
    // Rescore: 50,000 leads with 20 events each (1M events replayed). API: 100,000 leads with 20
    // events each plus 3M anonymous events (5M in all). A tenth of that with --quick.
    const scale = values.quick ? 0.1 : 1;
    if (only.has('rescore')) {
      const data = await dataset({ name: 'rescore', leads: 50_000 * scale, engineEventsPerLead: 4, bulkEventsPerLead: 16, anonymousEvents: 0, days: 60, seed: 1 }, log);
      log(`rescore: ${data.events.toLocaleString('en-US')} events, ${data.leads.toLocaleString('en-US')} leads`);
      results.rescore = { ...(await benchRescore(data, dir, log)), datasetBuiltSeconds: data.builtSeconds };
    }
    if (only.has('api')) {
      const data = await dataset({ name: 'api', leads: 100_000 * scale, engineEventsPerLead: 4, bulkEventsPerLead: 16, anonymousEvents: 3_000_000 * scale, days: 90, seed: 2 }, log);
      log(`api: ${data.leads.toLocaleString('en-US')} leads, ${data.events.toLocaleString('en-US')} events`);
      results.api = { ...(await benchApi(data, dir, seconds(5), log)), datasetBuiltSeconds: data.builtSeconds };
    }
    if (only.has('dashboard')) {
      const dashboard = await benchDashboard(dir, 100_000 * scale, log);
      if (dashboard) results.dashboard = dashboard;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  results.elapsedSeconds = Math.round((Date.now() - started) / 1000);
  writeFileSync(join(projectRoot, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(renderResults(results));
  console.log(`\nwritten to bench/results.json (${results.elapsedSeconds} s)`);
}

main().catch((err: unknown) => {
  console.error(`bench: ${(err as Error).stack ?? err}`);
  process.exit(1);
});
