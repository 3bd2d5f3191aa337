import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../../collector/config/index.js';
import { openPostgresSource, openSource } from '../../collector/backtest/source.js';
import { connectPostgres } from '../../collector/store/postgres/connect.js';
import { createPostgresReads } from '../../collector/store/postgres/reads.js';
import { openSqliteSnapshot } from '../../collector/store/sqlite/backtest-source.js';
import { createSqliteReads } from '../../collector/store/sqlite/reads.js';
import { formatReview } from '../../collector/review/format.js';
import { quarterRange } from '../../collector/review/quarter.js';
import { runReview, type ReviewDeps } from '../../collector/review/run.js';
import type { Review } from '../../collector/review/compute.js';
import { MissingDatabaseError } from '../../collector/backtest/source.js';
import { existsSync } from 'node:fs';
import { UsageError } from '../usage.js';

export const USAGE = `Usage: npm run review -- --quarter 2026Q3 [--db path] [--now 2026-10-01T00:00:00Z] [--json]

Prints the quarterly review as Markdown: each rule's lift among won vs lost/rejected leads, the stage
thresholds against the won leads' scores, the follow-up SLA, and a proposed rule change run through the
backtest. Reads the store the collector uses (KINDLING_DATABASE_URL, else the SQLite file) and writes nothing.
  --quarter  the quarter, as 2026Q3 (required)
  --db       the SQLite file (default: the configured one, KINDLING_DB or server.db)
  --now      scores, stages and the SLA as of this time (default: now)
  --json     print the review as JSON`;

export { UsageError };

export function parseCli(argv: string[], clock: () => number = Date.now) {
  const { values } = parseArgs({
    args: argv,
    options: {
      quarter: { type: 'string' },
      db: { type: 'string' },
      now: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) throw new UsageError('');
  if (!values.quarter) throw new UsageError('--quarter is required');
  if (!quarterRange(values.quarter)) throw new UsageError(`--quarter: not a quarter like 2026Q3: ${values.quarter}`);
  const now = values.now === undefined ? clock() : /^\d+$/.test(values.now) ? Number(values.now) : Date.parse(values.now);
  if (!Number.isFinite(now)) throw new UsageError(`--now: not a date: ${values.now}`);
  return { quarter: values.quarter, db: values.db ? resolve(values.db) : null, now, json: Boolean(values.json) };
}

/** The store's reads and a backtest source, read-only: PostgreSQL when configured, else the SQLite file. */
async function openStore(
  config: Config,
  db: string | null,
): Promise<{ deps: Pick<ReviewDeps, 'reads' | 'openSource'>; close(): Promise<void> }> {
  if (config.databaseUrl && !db) {
    const sql = connectPostgres(config.databaseUrl, { max: 3 });
    return { deps: { reads: createPostgresReads(sql), openSource: () => openPostgresSource(sql) }, close: () => sql.end({ timeout: 5 }) };
  }
  const path = db ?? config.dbPath;
  if (path === ':memory:') throw new UsageError('--db: an in-memory database has nothing to review; name the SQLite file');
  if (!existsSync(path))
    throw new MissingDatabaseError(`no database at ${path}: name the SQLite file the collector writes (KINDLING_DB, server.db or --db)`);
  const snapshot = openSqliteSnapshot(path);
  return { deps: { reads: createSqliteReads(snapshot.db), openSource: async () => openSource(path) }, close: async () => snapshot.close() };
}

export async function reviewCli(argv: string[], out: NodeJS.WritableStream, config: Config = loadConfig()): Promise<Review> {
  const options = parseCli(argv);
  const store = await openStore(config, options.db);
  try {
    const review = await runReview(
      { ...store.deps, scoring: config.scoring, slaHours: config.dashboard.slaHours, now: options.now },
      options.quarter,
    );
    out.write(options.json ? `${JSON.stringify(review, null, 2)}\n` : formatReview(review));
    return review;
  } finally {
    await store.close();
  }
}
