import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import { connectPostgres, type Sql } from '../../collector/store/postgres/connect.js';
import { PG_INSTALL_HINT } from './postgres-server.js';
import { emptyPostgres } from './empty-store.js';

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

/** The run's server base URL; throws (naming the install command) when it has none. */
function serverUrl(): string {
  const pg = provided();
  if (pg.url === null) throw new Error(`PostgreSQL is required here (${pg.reason}). Install it: ${PG_INSTALL_HINT}`);
  return pg.url;
}

/** A new empty database on the run's server. Identifiers cannot be parameters: the name is ours (hex), never input. */
async function createDatabase(admin: Sql, base: string): Promise<{ name: string; url: string }> {
  const name = `kt_${randomBytes(6).toString('hex')}`;
  await admin.unsafe(`CREATE DATABASE ${name}`);
  return { name, url: `${base}/${name}` };
}

/** Drops a test database, closing whatever connections are still open on it. */
async function dropDatabase(admin: Sql, name: string): Promise<void> {
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** Runs `work` with a one-connection admin client on the server's `postgres` database. */
async function withAdmin<T>(base: string, work: (admin: Sql) => Promise<T>): Promise<T> {
  const admin = connectPostgres(`${base}/postgres`, { max: 1 });
  try {
    return await work(admin);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** Databases the kits made in this file, and the recycled ones ready for the next kit. */
const made: { name: string; base: string }[] = [];
const spare: string[] = [];

/** Empties a kit's database for the file's next kit (a connection of its own: the kit's store is closed). */
async function emptyDatabase(url: string): Promise<void> {
  const sql = connectPostgres(url, { max: 1 });
  try {
    await emptyPostgres(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * A fresh database outside any hook, for the test kits that choose PostgreSQL per collector or
 * harness (store-choice.ts). Creating and migrating one costs about a second, so `release()` empties
 * it (every table but the migrations', identities restarted: as good as new) for the file's next
 * kit; `dropTestDatabases()` (after each file, test/support/postgres-project.ts) drops them all.
 */
export async function takeTestDatabase(): Promise<{ url: string; release(): Promise<void> }> {
  let url = spare.pop();
  if (!url) {
    const base = serverUrl();
    const created = await withAdmin(base, (admin) => createDatabase(admin, base));
    made.push({ name: created.name, base });
    url = created.url;
  }
  const taken = url;
  return { url: taken, release: async () => void spare.push(await emptyDatabase(taken).then(() => taken)) };
}

/** Drops every database the kits made in this file (connections a test left open included). */
export async function dropTestDatabases(): Promise<void> {
  const all = made.splice(0);
  spare.length = 0;
  if (!all.length) return;
  await withAdmin(all[0]!.base, async (admin) => {
    for (const { name } of all) await dropDatabase(admin, name);
  });
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
    const made = await createDatabase(admin!, base);
    names.push(made.name);
    return made.url;
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
    base = serverUrl();
    admin = connectPostgres(`${base}/postgres`, { max: 1 });
    url = await create();
    db.connect();
  });
  afterAll(async () => {
    // A client whose connection a test killed waits out the timeout on end(): keep it short.
    await Promise.all(clients.map((c) => c.end({ timeout: 1 })));
    if (admin) {
      for (const name of names) await dropDatabase(admin, name);
      await admin.end({ timeout: 5 });
    }
  });
  return db;
}
