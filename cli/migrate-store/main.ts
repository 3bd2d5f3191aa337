import { ConfigError, loadConfig } from '../../collector/config/index.js';
import { UsageError } from '../usage.js';
import { MIGRATE_STORE_USAGE, parseMigrateStoreArgs, redactUrl } from './args.js';
import { MoveRefused } from './refusals.js';
import { RescoreChangedTarget } from './rescore-check.js';
import { formatMove, runMigrateStore } from './run.js';

/**
 * Entry of `npm run migrate-store` (built to dist/cli/migrate-store.js). Progress goes to stderr,
 * the report to stdout; the exit code says why a move did not happen (see refusals.ts).
 */
try {
  const args = parseMigrateStoreArgs(process.argv.slice(2));
  // The collector's own configuration: the check after the copy rescores under its rules.
  const config = loadConfig();
  console.error(`kindling: copying ${args.from} into ${redactUrl(args.to)}`);
  const result = await runMigrateStore(args, { progress: process.stderr, config });
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
  if (err instanceof ConfigError) {
    console.error(`migrate-store: ${err.message}`);
    process.exit(78); // EX_CONFIG
  }
  if (err instanceof RescoreChangedTarget) {
    console.error(`migrate-store: copied, but the check failed: ${err.message}`);
    process.exit(err.exitCode);
  }
  if (err instanceof MoveRefused) {
    console.error(`migrate-store: not copied: ${err.message}`);
    process.exit(err.exitCode);
  }
  console.error(`migrate-store: failed, nothing was committed: ${(err as Error).stack ?? err}`);
  process.exit(1);
}
