import { loadConfig, ConfigError, type Config } from '../collector/config/index.js';
import { createProgress } from './progress.js';
import { UsageError } from './usage.js';
import { simulate } from './simulate/index.js';
import { parseSimulateArgs, SIMULATE_USAGE } from './simulate/args.js';
import { simulationLine } from './simulate/run.js';
import { formatReport } from './simulate/report.js';

function usage(err: UsageError): never {
  if (!err.message) {
    console.log(SIMULATE_USAGE);
    process.exit(0);
  }
  console.error(`simulate: ${err.message}\n\n${SIMULATE_USAGE}`);
  process.exit(64); // EX_USAGE
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`simulate: ${err.message}`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  let parsed;
  try {
    parsed = parseSimulateArgs(process.argv.slice(2), config);
  } catch (err) {
    if (err instanceof UsageError) usage(err);
    throw err;
  }
  const progress = parsed.quiet ? undefined : createProgress(process.stderr, undefined, simulationLine);
  const report = await simulate(config, { ...parsed.options, progress });
  console.log(formatReport(report));
}

main().catch((err: unknown) => {
  console.error(`simulate: ${(err as Error).stack ?? err}`);
  process.exit(1);
});
