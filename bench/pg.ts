import { connectPostgres } from '../collector/store/postgres/connect.js';
import { hasPostgres, PG_INSTALL_HINT, startPostgres } from '../test/support/postgres-server.js';

export interface BenchPostgres {
  /** A new empty database on the server: its URL. */
  database(name: string): Promise<string>;
  stop(): void;
}

/**
 * A throwaway PostgreSQL server for the fleet and store steps (the test harness's: a temporary
 * directory, 127.0.0.1 only, durability off as in the tests, so the numbers are the database's
 * work, not this shared disk's fsync).
 */
export async function startBenchPostgres(): Promise<BenchPostgres> {
  if (!hasPostgres()) throw new Error(`PostgreSQL is not installed: ${PG_INSTALL_HINT}`);
  const server = await startPostgres();
  return {
    async database(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a database name: ${name}`);
      const admin = connectPostgres(`${server.url}/postgres`, { max: 1 });
      try {
        await admin.unsafe(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return `${server.url}/${name}`;
    },
    stop: () => server.stop(),
  };
}
