import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import { connectPostgres, type Sql } from '../../collector/store/postgres/connect.js';
import { PG_INSTALL_HINT } from './postgres-server.js';

const provided = () => inject('postgres');

/**
 * True when this file's PostgreSQL tests should run. Without PostgreSQL they skip with a loud
 * message, except under CI=true, where they run and fail on the missing server.
 */
export function postgresTestsEnabled(suite: string): boolean {
  const pg = provided();
  if (pg.url !== null || process.env.CI === 'true') return true;
  console.warn(`\n*** SKIPPING PostgreSQL tests in ${suite}: ${pg.reason}. Install it: ${PG_INSTALL_HINT} ***\n`);
  return false;
}

export interface TestDatabase {
  /** Connection URL of this file's own database. */
  readonly url: string;
  /** A client on it (closed after the file); tests may open more with `connect()`. */
  readonly sql: Sql;
  connect(options?: { max?: number }): Sql;
  /** One more empty database (dropped after the file), for tests that need a blank schema each. */
  another(): Promise<string>;
}

/**
 * A fresh database for this test file, created before its tests and dropped after them (open
 * connections included). Call at the top level of a `describe.runIf(postgresTestsEnabled(…))`.
 */
export function useTestDatabase(): TestDatabase {
  const clients: Sql[] = [];
  let url = '';
  let admin: Sql | null = null;
  const names: string[] = [];
  let base = '';
  async function create(): Promise<string> {
    const name = `kt_${randomBytes(6).toString('hex')}`;
    names.push(name);
    // Identifiers cannot be parameters: the name is ours (hex), never input.
    await admin!.unsafe(`CREATE DATABASE ${name}`);
    return `${base}/${name}`;
  }
  const db: TestDatabase = {
    get url() {
      return url;
    },
    get sql() {
      return clients[0]!;
    },
    connect(options = {}) {
      const sql = connectPostgres(url, { max: options.max ?? 4 });
      clients.push(sql);
      return sql;
    },
    another: create,
  };
  beforeAll(async () => {
    const pg = provided();
    if (pg.url === null) throw new Error(`PostgreSQL is required under CI=true (${pg.reason}). Install it: ${PG_INSTALL_HINT}`);
    base = pg.url;
    admin = connectPostgres(`${base}/postgres`, { max: 1 });
    url = await create();
    db.connect();
  });
  afterAll(async () => {
    // A client whose connection a test killed waits out the timeout on end(): keep it short.
    await Promise.all(clients.map((c) => c.end({ timeout: 1 })));
    if (admin) {
      for (const name of names) await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end({ timeout: 5 });
    }
  });
  return db;
}
