import { ConfigError } from '../collector/config/index.js';
import { MissingDatabaseError } from '../collector/backtest/source.js';
import { backtestCli, UsageError, USAGE } from './backtest/main.js';

/** `npm run backtest -- --rules proposed.json`: see cli/backtest/main.ts and the README. */
backtestCli(process.argv.slice(2), { out: process.stdout, err: process.stderr }).then(
  () => process.exit(0),
  (err: Error) => {
    if (err instanceof UsageError) {
      console.error(err.message ? `backtest: ${err.message}\n\n${USAGE}` : USAGE);
      process.exit(err.message ? 2 : 0);
    }
    if (err instanceof ConfigError) {
      console.error(`backtest: ${err.message}`);
      process.exit(78);
    }
    console.error(`backtest: ${err instanceof MissingDatabaseError ? err.message : (err.stack ?? err.message)}`);
    process.exit(1);
  },
);
