import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { importsOf, sourceFiles } from './import-graph.js';
import { PG_INSTALL_HINT } from './postgres-server.js';
import { TEST_STORE_VARIABLE } from './store-choice.js';

/**
 * Which test files the `postgres` vitest project runs a second time, on PostgreSQL
 * (vitest.config.ts; the rule is in docs/ARCHITECTURE.md, "Tests on both stores"):
 *
 *   every test file that starts a store kit — calls `startTestKindling(` or `engineHarness(`, or
 *   imports a test/support module that does — except the files in SQLITE_ONLY and those with
 *   their own behaviour table on both stores (`postgresTestsEnabled(`), which run PostgreSQL already.
 *
 * The kits put each collector or harness on the store KINDLING_TEST_STORE names (store-choice.ts),
 * so such a file runs unchanged on either. Computed from the sources at each run: a new test that
 * uses a kit runs on both without anyone listing it. test/store-suite.test.ts checks the list below
 * and that no test opens a store around the kits without saying why.
 */
export const TEST_DIRS = ['snippet', 'collector', 'dashboard', 'test', 'scripts', 'cli', 'bench'];

/** A call of a kit that chooses the store. */
const KIT_CALL = /\b(startTestKindling|engineHarness)\s*\(/;
/** Where the kits are defined: importing their pure helpers (events, batch builders) alone does not count. */
const KIT_HOMES = ['test/support/kindling.ts', 'test/support/engine.ts'];
/** A collector or store opened directly, around the kits. */
export const DIRECT_STORE =
  /\b(createKindling|openDatabase|createSqliteStore|openSqliteStore|openStore|openPostgresStore|startServerProcess)\s*\(/;
/** A file with its own behaviour table on both stores (test/support/postgres.ts) needs no second run. */
export const OWN_STORE_TABLE = /\bpostgresTestsEnabled\s*\(/;

/**
 * Test files that stay on SQLite, each with why: they are about the SQLite file itself, or they
 * open a collector or store directly where the store is incidental (a process on a file, static
 * files) or already covered on both stores elsewhere.
 */
export const SQLITE_ONLY: Record<string, string> = {
  'collector/writer/thread/index.test.ts':
    'the writer thread opens a connection of its own to the SQLite file (PostgreSQL scales with collectors instead)',
  'collector/engine/rescore/worker.property.test.ts': 'the rescore worker replays a read-only snapshot of the SQLite file',
  'test/rescore-while-ingesting.test.ts': 'the rescore worker thread on a snapshot of the SQLite file keeps POST /e answered',
  'collector/backtest/backtest.test.ts':
    'the backtest fixture is a SQLite file the backtest source opens by path (PostgreSQL source: collector/backtest/postgres-source.test.ts)',
  'collector/backtest/routes.test.ts':
    'the backtest routes on the SQLite fixture file (on PostgreSQL through HTTP: test/backtest-live.test.ts)',
  'cli/backtest/backtest.test.ts': '`npm run backtest` on a SQLite file',
  'cli/review/review.test.ts':
    '`npm run review` on the backtest fixture, a SQLite file (the review on PostgreSQL: collector/review/routes.test.ts)',
  'cli/rescore.test.ts': '`npm run rescore` on a SQLite file, refused while a collector marks the file in use',
  'cli/simulate/simulate.test.ts': '`npm run simulate` writes and reports a SQLite file',
  'test/durability.test.ts': 'what survives a killed collector process in the SQLite file',
  'test/heap-limit-process.test.ts': 'the built collector as plain node on a SQLite file (the heap flag, a bad config file)',
  'test/dashboard-process.test.ts': 'the built collector serving the dashboard as a child process on a SQLite file',
  'test/server-edge.test.ts': "the built collector's connections and start banner as a child process on a SQLite file",
  'test/malformed-input.test.ts':
    'a child collector fed malformed input, its SQLite file then opened read-only to prove nothing was stored',
  'collector/writer/index.test.ts':
    "the writer's batching over the SQLite store's one-macrotask units; on PostgreSQL the writer runs under every kit test",
  'collector/health/index.test.ts': 'the health route over the SQLite reads, a closed connection included; the store is incidental',
  'collector/demo-site/index.test.ts': "serves the demo site's static files; the store is incidental",
  'collector/snippet/index.test.ts': 'serves the snippet at /k.js; the store is incidental',
};

const isTestFile = (path: string) => /\.test\.tsx?$/.test(path);

/** Test files (relative to `root`) that start a store kit, SQLite-only ones included. */
export function kitTestFiles(root: string): string[] {
  const text = (file: string) => readFileSync(file, 'utf8');
  const support = sourceFiles(root, ['test/support']).filter((f) => !KIT_HOMES.includes(relative(root, f)) && !isTestFile(f));
  const kitModules = new Set(support.filter((f) => KIT_CALL.test(text(f))));
  return sourceFiles(root, TEST_DIRS)
    .filter((f) => isTestFile(f) && (KIT_CALL.test(text(f)) || importsOf(f).some((i) => kitModules.has(i))))
    .map((f) => relative(root, f))
    .sort();
}

/** The `postgres` project's files. */
export function postgresProjectFiles(root: string): string[] {
  return kitTestFiles(root).filter((path) => !(path in SQLITE_ONLY) && !OWN_STORE_TABLE.test(readFileSync(join(root, path), 'utf8')));
}

/**
 * The `postgres` vitest project, or none: without PostgreSQL installed the run is the SQLite half
 * only, said loudly with the install command; under CI=true the project stays and its kits fail on
 * the missing server (postgres.ts), so CI never passes without the second half.
 */
export function postgresProjects(options: { installed: boolean; ci: boolean; root: string; warn: (message: string) => void }) {
  if (!options.installed && !options.ci) {
    options.warn(
      `\n*** PostgreSQL 15 is not installed: running the SQLite half only, the postgres project is SKIPPED. Install it: ${PG_INSTALL_HINT} ***\n`,
    );
    return [];
  }
  return [
    {
      extends: true as const,
      test: {
        name: 'postgres',
        include: postgresProjectFiles(options.root),
        env: { [TEST_STORE_VARIABLE]: 'postgres' },
        setupFiles: ['test/support/postgres-project.ts'],
      },
    },
  ];
}
