import { UsageError } from '../usage.js';
import { MIGRATE_STORE_USAGE, parseMigrateStoreArgs, redactUrl } from './args.js';
import { MoveRefused } from './refusals.js';
import { formatMove, runMigrateStore } from './run.js';

/**
 * Entry of `npm run migrate-store` (built to dist/cli/migrate-store.js). Progress goes to stderr,
 * the report to stdout; the exit code says why a move did not happen (see refusals.ts).
 */
try {
  const args = parseMigrateStoreArgs(process.argv.slice(2));
  console.error(`kindling: copying ${args.from} into ${redactUrl(args.to)}`);
  const result = await runMigrateStore(args, { progress: process.stderr });
  for (const line of formatMove(result)) console.log(line);
} catch (err) {
  if (err instanceof UsageError) {
    if (!err.message) {
      console.log(MIGRATE_STORE_USAGE);
      process.exit(0);
    }
    console.error(`migrate-store: ${err.message}\n\n${MIGRATE_STORE_USAGE}`);
    process.exit(64); // EX_USAGE
  }
  if (err instanceof MoveRefused) {
    console.error(`migrate-store: not copied: ${err.message}`);
    process.exit(err.exitCode);
  }
  console.error(`migrate-store: failed, nothing was committed: ${(err as Error).stack ?? err}`);
  process.exit(1);
}
