import type { TestProject } from 'vitest/node';
import { hasPostgres, PG_BIN, startPostgres } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's PostgreSQL: its base URL, or why there is none. */
    postgres: { url: string } | { url: null; reason: string };
  }
}

/**
 * vitest globalSetup: one PostgreSQL server per test run (each test file makes its own database
 * in it, see postgres.ts), stopped and removed when the run ends, whether tests passed or not.
 * Without PostgreSQL installed the PG tests skip (or fail under CI=true).
 */
export default async function setup(project: TestProject): Promise<() => void> {
  if (!hasPostgres()) {
    project.provide('postgres', { url: null, reason: `no PostgreSQL 15 binaries in ${PG_BIN}` });
    return () => {};
  }
  const server = await startPostgres();
  project.provide('postgres', { url: server.url });
  return () => server.stop();
}
