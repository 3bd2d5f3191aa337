import { parseArgs } from 'node:util';
import { UsageError } from '../usage.js';
export { redactUrl } from '../../collector/store/postgres/store.js';

export const MIGRATE_STORE_USAGE = `Usage: npm run migrate-store -- --from ./data/kindling.db --to postgres://user:password@host:5432/kindling

Copies a Kindling SQLite database into an empty PostgreSQL database: every table the migrations
define (events with their log positions, leads with their ids, identity links, lead state, history,
traits, actions, companies, webhook endpoints, messages, attempts and latches, Segment aliases,
dashboard sessions, settings), in one transaction; rebuilds the search index; moves every id
sequence past the largest id copied; then reads every table back and checks that its row count and
content checksum match the source before committing. A failed or refused move leaves the target as
it was. Once committed, it rescores every lead on the target from the copied event log under the
collector's rules (its configuration: KINDLING_CONFIG or ./kindling.config.json, as npm start reads
it) and checks that no row of the scored tables changed.

Stop the collector first (a running one is refused), and start this version of Kindling on the
SQLite file once beforehand if it was written by an older one.

Options:
  --from PATH      the SQLite file (required)
  --to URL         the PostgreSQL database, postgres://… (required; it is migrated if it is new)
  --batch N        rows per INSERT (default 1000)
  -h, --help       this help

Exit codes: 0 copied and checked · 64 bad arguments · 65 a schema version does not match ·
66 no such source file · 69 the target cannot be reached · 70 the check found a difference (nothing
was committed) · 73 the target is not empty · 75 a collector has the source open · 78 the
configuration is invalid, or its rules are not those the source was scored under · 79 copied, but
the rescore on the target changed rows (named in the message) · 1 anything else.`;

export interface MigrateStoreArgs {
  from: string;
  to: string;
  batchRows: number;
}

export const DEFAULT_BATCH_ROWS = 1000;

/** The command's arguments, checked; throws UsageError naming the first wrong one ('' for --help). */
export function parseMigrateStoreArgs(argv: string[]): MigrateStoreArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { from: { type: 'string' }, to: { type: 'string' }, batch: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) throw new UsageError('');
  if (!values.from) throw new UsageError('--from is required: the SQLite file to copy');
  if (!values.to) throw new UsageError('--to is required: the PostgreSQL database to copy into, postgres://…');
  if (!/^postgres(ql)?:\/\//.test(values.to)) throw new UsageError('--to must be a postgres:// or postgresql:// URL');
  const batch = values.batch ?? String(DEFAULT_BATCH_ROWS);
  const batchRows = Number(batch);
  if (!/^\d+$/.test(batch) || batchRows < 1 || batchRows > 10_000) throw new UsageError('--batch must be an integer from 1 to 10000');
  return { from: values.from, to: values.to, batchRows };
}
