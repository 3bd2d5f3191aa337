import { ConfigError, loadConfig } from '../collector/config/index.js';
import { runRescore } from './rescore-run.js';

/**
 * Entry of `npm run rescore` (built to dist/cli/rescore.js). Reads the same configuration as the
 * collector. Prefer POST /api/rescore while the collector runs: it rescores through the running
 * writer; this command opens the database itself (SQLite serialises the two writers, but the
 * running collector keeps scoring new events with the rules it started with until restarted).
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
  console.error(`kindling: rescore failed: ${(err as Error).stack ?? err}`);
  process.exit(1);
}
