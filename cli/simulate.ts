import { parseArgs } from 'node:util';
import { loadConfig, ConfigError, type Config } from '../collector/config/index.js';
import { createProgress } from './progress.js';
import { simulate, type SimulateOptions } from './simulate/index.js';
import { simulationLine } from './simulate/run.js';
import { formatReport } from './simulate/report.js';

const HELP = `Usage: npm run simulate -- --visitors N --days D [--seed S] [options]

Generates realistic traffic for the demo site, deterministic for a given seed: job seekers,
students, researchers, evaluators, buyers (pricing twice, then a demo request with BANT answers),
anonymous visitors and bots; sessions spread over D days with rising or fading interest; free-mail
and company addresses; and sales dispositions (accepted, rejected, won, lost) for SQLs.

It runs the collector in this process, on the configured database (KINDLING_DB / kindling.config.json,
or --db), with a simulated clock that moves from D days ago to now, so every event is received
"when it happened": the ingest path keeps its rule of clamping client times to the last 7 days, and
scores, stages and their history come out as if the traffic had really arrived over D days.

Options:
  --visitors N       visitors to simulate (default 500)
  --days D           days of history, ending now (default 30)
  --seed S           random seed; the same seed (and --now) gives the same traffic (default 1)
  --via http|writer  http (default): every request goes through POST /e — validation, bot
                     filter, enrichment, writer — in process. writer: the same bot filter and
                     enrichment, handed straight to writer.write(), skipping HTTP, JSON and schema
                     work per request; for very large N (e.g. --visitors 100000). About 1.5x
                     faster here: the engine's projection is the larger cost either way
  --concurrency C    requests in flight at once (default 64)
  --db PATH          database file to write (default: the configured one)
  --site KEY         site key to send as (default: demo, else the first configured site)
  --now TIME         end of the simulated window, ISO date or ms (default: now)
  --no-dispositions  leave SQLs without sales outcomes
  --quiet            no progress bar
  -h, --help         this help

Webhooks: alerts the simulated leads raise are recorded in the outbox as failed ("simulated
traffic"), in the transaction that wrote them, and never sent — by this process or by a collector
running on the same database. Give it a database of its own (--db) to keep real and simulated
leads apart.`;

function fail(message: string): never {
  console.error(`simulate: ${message}\n\n${HELP}`);
  process.exit(64); // EX_USAGE
}

function parse(): { options: SimulateOptions; config: Config; quiet: boolean } {
  const { values } = parseArgs({
    options: {
      visitors: { type: 'string', default: '500' },
      days: { type: 'string', default: '30' },
      seed: { type: 'string', default: '1' },
      via: { type: 'string', default: 'http' },
      concurrency: { type: 'string', default: '64' },
      db: { type: 'string' },
      site: { type: 'string' },
      now: { type: 'string' },
      'no-dispositions': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const int = (name: string, raw: string, min: number, max: number) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) fail(`--${name} must be an integer from ${min} to ${max}`);
    return n;
  };
  if (values.via !== 'http' && values.via !== 'writer') fail('--via must be http or writer');
  const now = values.now === undefined ? Date.now() : /^\d+$/.test(values.now) ? Number(values.now) : Date.parse(values.now);
  if (!Number.isFinite(now)) fail('--now must be an ISO date or milliseconds since the epoch');
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  const siteKey = values.site ?? (config.sites.some((s) => s.key === 'demo') ? 'demo' : config.sites[0]!.key);
  if (!config.sites.some((s) => s.key === siteKey)) fail(`no site "${siteKey}" in the configuration`);
  return {
    config,
    quiet: values.quiet,
    options: {
      visitors: int('visitors', values.visitors, 1, 10_000_000),
      days: int('days', values.days, 1, 3650),
      seed: int('seed', values.seed, 0, 2 ** 32 - 1),
      via: values.via,
      concurrency: int('concurrency', values.concurrency, 1, 1000),
      dbPath: values.db ?? null,
      siteKey,
      now,
      dispositions: !values['no-dispositions'],
    },
  };
}

async function main(): Promise<void> {
  const { options, config, quiet } = parse();
  const progress = quiet ? undefined : createProgress(process.stderr, undefined, simulationLine);
  const report = await simulate(config, { ...options, progress });
  console.log(formatReport(report));
}

main().catch((err: unknown) => {
  console.error(`simulate: ${(err as Error).stack ?? err}`);
  process.exit(1);
});
