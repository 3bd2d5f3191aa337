import { parseArgs } from 'node:util';
import type { Config } from '../../collector/config/index.js';
import { UsageError } from '../usage.js';
import type { SimulateOptions } from './index.js';

export const SIMULATE_USAGE = `Usage: npm run simulate -- --visitors N --days D [--seed S] [options]

Generates realistic traffic for the demo site, deterministic for a given seed: job seekers,
students, researchers, evaluators, buyers (pricing twice, then a demo request with BANT answers),
anonymous visitors and bots; sessions spread over D days with buying cycles, rising or fading
interest; free-mail and company addresses; and a sales desk that answers SQLs (accepted, rejected,
won, lost) — late or never for some, as real desks do.

It runs the collector in this process, on the configured database (KINDLING_DB / kindling.config.json,
or --db), with a simulated clock that moves from D days ago to now, so every event is received
"when it happened": the ingest path keeps its rule of clamping client times to the last 7 days, and
scores, stages (decay included: the sweep runs at simulated time) and their history come out as if
the traffic had really arrived over D days.

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
  --crm-outcomes     afterwards, a simulated CRM sends won/lost/disqualified/open deals for the
                     simulated people, dated in the calendar quarter before --now, through
                     POST /api/outcomes with an API key (use --days 120 or more so the leads'
                     history covers that quarter)
  --quiet            no progress bar
  -h, --help         this help

Webhooks: alerts the simulated leads raise are recorded in the outbox as failed ("simulated
traffic"), in the transaction that wrote them, and never sent — by this process or by a collector
running on the same database. Give it a database of its own (--db) to keep real and simulated
leads apart.`;

/** Integer arguments: name → [default, min, max]. */
const INTEGERS = {
  visitors: [500, 1, 10_000_000],
  days: [30, 1, 3650],
  seed: [1, 0, 2 ** 32 - 1],
  concurrency: [64, 1, 1000],
} as const;

function int(name: keyof typeof INTEGERS, raw: string | undefined): number {
  const [fallback, min, max] = INTEGERS[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}`);
  return n;
}

/** The simulator's arguments, checked; throws UsageError naming the first wrong one ('' for --help). */
export function parseSimulateArgs(
  argv: string[],
  config: Pick<Config, 'sites'>,
  clock: () => number = Date.now,
): { options: SimulateOptions; quiet: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        visitors: { type: 'string' },
        days: { type: 'string' },
        seed: { type: 'string' },
        via: { type: 'string', default: 'http' },
        concurrency: { type: 'string' },
        db: { type: 'string' },
        site: { type: 'string' },
        now: { type: 'string' },
        'no-dispositions': { type: 'boolean', default: false },
        'crm-outcomes': { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message); // unknown option, missing value
  }
  if (values.help) throw new UsageError('');
  if (values.via !== 'http' && values.via !== 'writer') throw new UsageError('--via must be http or writer');
  const now = values.now === undefined ? clock() : /^\d+$/.test(values.now) ? Number(values.now) : Date.parse(values.now);
  if (!Number.isFinite(now)) throw new UsageError('--now must be an ISO date or milliseconds since the epoch');
  const siteKey = values.site ?? (config.sites.some((s) => s.key === 'demo') ? 'demo' : config.sites[0]!.key);
  if (!config.sites.some((s) => s.key === siteKey)) throw new UsageError(`no site "${siteKey}" in the configuration`);
  return {
    quiet: values.quiet,
    options: {
      visitors: int('visitors', values.visitors),
      days: int('days', values.days),
      seed: int('seed', values.seed),
      via: values.via,
      concurrency: int('concurrency', values.concurrency),
      dbPath: values.db ?? null,
      siteKey,
      now,
      dispositions: !values['no-dispositions'],
      crmOutcomes: values['crm-outcomes'],
    },
  };
}
