import { ConfigError } from '../collector/config/index.js';
import { MissingDatabaseError } from '../collector/backtest/source.js';
import { reviewCli, UsageError, USAGE } from './review/main.js';

/** `npm run review -- --quarter 2026Q3`: see cli/review/main.ts and the README. */
reviewCli(process.argv.slice(2), process.stdout).then(
  () => process.exit(0),
  (err: Error) => {
    if (err instanceof UsageError) {
      console.error(err.message ? `review: ${err.message}\n\n${USAGE}` : USAGE);
      process.exit(err.message ? 2 : 0);
    }
    if (err instanceof ConfigError) {
      console.error(`review: ${err.message}`);
      process.exit(78);
    }
    console.error(`review: ${err instanceof MissingDatabaseError ? err.message : (err.stack ?? err.message)}`);
    process.exit(1);
  },
);
