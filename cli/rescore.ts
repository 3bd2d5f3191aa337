import { ConfigError, loadConfig } from '../collector/config/index.js';
import { DatabaseInUseError, runRescore } from './rescore-run.js';

/**
 * Entry of `npm run rescore` (built to dist/cli/rescore.js). Reads the same configuration as the
 * collector. It opens the database itself, so it refuses while a collector has it open (the
 * collector keeps scoring new events with the rules it started with): POST /api/rescore rescores
 * through the running writer instead.
 */
try {
  const config = loadConfig();
  console.error(`kindling: rescoring ${config.dbPath} under the configured rules`);
  await runRescore(config, { progress: process.stderr, report: (line) => console.log(line) });
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`kindling: ${err.message}`);
    process.exit(78);
  }
  if (err instanceof DatabaseInUseError) {
    console.error(`kindling: cannot rescore: ${err.message}`);
    process.exit(75); // EX_TEMPFAIL: try again once the collector is stopped
  }
  console.error(`kindling: rescore failed: ${(err as Error).stack ?? err}`);
  process.exit(1);
}
