import type { TestProject } from 'vitest/node';
import { hasPostgres, PG_BIN, startPostgres, type PostgresServer } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's PostgreSQL: its base URL, or why there is none. */
    postgres: { url: string } | { url: null; reason: string };
  }
}

/** The run's server, shared by the projects (each runs this setup, in the one main process). */
const shared = globalThis as { kindlingPostgres?: { server: Promise<PostgresServer>; users: number } };

/**
 * vitest globalSetup: one PostgreSQL server per test run (each test file makes its own database
 * in it, see postgres.ts), stopped and removed when the last project using it ends, whether tests
 * passed or not. Without PostgreSQL installed the PG tests skip (or fail under CI=true).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!hasPostgres()) {
    project.provide('postgres', { url: null, reason: `no PostgreSQL 15 binaries in ${PG_BIN}` });
    return async () => {};
  }
  const run = (shared.kindlingPostgres ??= { server: startPostgres(), users: 0 });
  run.users++;
  project.provide('postgres', { url: (await run.server).url });
  return async () => {
    if (--run.users > 0) return;
    shared.kindlingPostgres = undefined;
    (await run.server).stop();
  };
}
