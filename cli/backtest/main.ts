import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, stripJsonComments, type Config } from '../../collector/config/index.js';
import { compileRules } from '../../collector/engine/rules/compile.js';
import { KindlingError } from '../../collector/errors.js';
import { parseProposedRules } from '../../collector/backtest/rules.js';
import { openSource } from '../../collector/backtest/source.js';
import { runBacktest, type BacktestReport } from '../../collector/backtest/run.js';
import { defaultWorkers } from '../../collector/worker-script/blocks.js';
import { formatReport } from './format.js';
import { createProgress } from '../progress.js';
import { UsageError } from '../usage.js';

export const USAGE = `Usage: npm run backtest -- --rules proposed.json [--db path] [--now 2025-03-01T00:00:00Z] [--changes 20] [--json]

Replays the event log under the proposed rules (a JSON file shaped like the config's "scoring"
section; comments allowed) and under the current ones, and compares them against sales' dispositions.
Reads the database read-only: it can run beside the collector and changes nothing.
  --rules    the proposed rules (required)
  --db       the SQLite file (default: the configured one, KINDLING_DB or server.db)
  --now      stages and decay as of this time (default: now)
  --changes  how many leads that change band to list (default 20)
  --json     print the report as JSON instead of tables`;

export { UsageError };

export interface CliOptions {
  rulesPath: string;
  dbPath: string;
  now: number;
  changes: number;
  json: boolean;
}

export function parseCli(argv: string[], config: Pick<Config, 'dbPath'>, clock: () => number = Date.now): CliOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      rules: { type: 'string' },
      db: { type: 'string' },
      now: { type: 'string' },
      changes: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) throw new UsageError('');
  if (!values.rules) throw new UsageError('--rules is required');
  const now = values.now === undefined ? clock() : /^\d+$/.test(values.now) ? Number(values.now) : Date.parse(values.now);
  if (!Number.isFinite(now)) throw new UsageError(`--now: not a date: ${values.now}`);
  const changes = values.changes === undefined ? 20 : Number(values.changes);
  if (!Number.isInteger(changes) || changes < 0) throw new UsageError('--changes: a whole number');
  const dbPath = values.db ? resolve(values.db) : config.dbPath;
  if (dbPath === ':memory:') throw new UsageError('--db: an in-memory database has nothing to backtest; name the SQLite file');
  return { rulesPath: resolve(values.rules), dbPath, now, changes, json: Boolean(values.json) };
}

/** Reads and validates the proposed rules file; throws UsageError with every wrong key. */
export function readProposed(path: string) {
  let value: unknown;
  try {
    value = JSON.parse(stripJsonComments(readFileSync(path, 'utf8')));
  } catch (err) {
    throw new UsageError(`--rules: cannot read ${path}: ${(err as Error).message}`);
  }
  try {
    return parseProposedRules(value);
  } catch (err) {
    if (!(err instanceof KindlingError)) throw err;
    const details = (err.details as { path: string; message: string }[] | undefined) ?? [];
    throw new UsageError(`--rules: ${path} is not valid:\n${details.map((d) => `  ${d.path}: ${d.message}`).join('\n')}`);
  }
}

export async function backtestCli(
  argv: string[],
  io: { out: NodeJS.WritableStream; err: NodeJS.WriteStream },
  config: Config = loadConfig(),
): Promise<BacktestReport> {
  const options = parseCli(argv, config);
  const proposed = readProposed(options.rulesPath);
  const source = openSource(options.dbPath);
  const progress = createProgress(io.err);
  try {
    const report = await runBacktest({
      source,
      current: compileRules(config.scoring),
      proposed: proposed.rules,
      now: options.now,
      inWorkers: source.inWorkers?.({ current: config.scoring, proposed: proposed.config }, defaultWorkers()),
      maxChanges: Math.max(options.changes, 200),
      onProgress: (p) => progress.update(p.leadsDone, p.leadsTotal, p.events),
    });
    progress.end();
    io.out.write(
      options.json
        ? `${JSON.stringify(report, null, 2)}\n`
        : formatReport(report, { rulesName: basename(options.rulesPath), changes: options.changes }),
    );
    return report;
  } finally {
    await source.close();
  }
}
