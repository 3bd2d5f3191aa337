import { openDatabase, type DB } from '../../collector/db/index.js';
import type { Sql } from '../../collector/store/postgres/connect.js';
import { openPostgresStore } from '../../collector/store/postgres/store.js';
import { createSqliteStore } from '../../collector/store/sqlite/index.js';
import type { StoragePort, WriteStore } from '../../collector/store/port/index.js';
import { emptyPostgres } from './empty-store.js';
import { takeTestDatabase } from './postgres.js';

/**
 * Which store the test kits (startTestKindling, engineHarness) put each collector or harness on.
 * The `postgres` vitest project sets it (vitest.config.ts); unset means SQLite.
 */
export const TEST_STORE_VARIABLE = 'KINDLING_TEST_STORE';
export const TEST_STORE_KINDS = ['sqlite', 'postgres'] as const;
export type TestStoreKind = (typeof TEST_STORE_KINDS)[number];

export function testStoreKind(): TestStoreKind {
  const value = process.env[TEST_STORE_VARIABLE] ?? 'sqlite';
  if (!(TEST_STORE_KINDS as readonly string[]).includes(value)) {
    throw new Error(`${TEST_STORE_VARIABLE}=${value}: expected one of ${TEST_STORE_KINDS.join(', ')}`);
  }
  return value as TestStoreKind;
}

/** A kit's PostgreSQL database: its URL and the release its cleanup runs (null on SQLite). */
export type OwnedDatabase = Awaited<ReturnType<typeof takeTestDatabase>> | null;

/**
 * The environment entries that put a test collector on the chosen store: the SQLite file at
 * `sqlitePath`, or (postgres project) a fresh database of the run's server, which the caller releases.
 */
export async function testStoreEnv(sqlitePath: string): Promise<{ env: Record<string, string>; database: OwnedDatabase }> {
  if (testStoreKind() === 'sqlite') return { env: { KINDLING_DB: sqlitePath }, database: null };
  const database = await takeTestDatabase();
  return { env: { KINDLING_DB: sqlitePath, KINDLING_DATABASE_URL: database.url }, database };
}

/** A store as the test query helper reaches it: the SQLite connection or the PostgreSQL pool behind the port. */
export type QueryableStore = Pick<WriteStore, 'kind'> & { readonly db?: DB; readonly sql?: Sql };

/** A harness's store: the port's write side plus the connection the query helper reads through. */
export type HarnessStore = WriteStore & QueryableStore & { readonly rescoreSnapshotPath: string | null };

/** Open PostgreSQL stores harnesses gave back, emptied, for the file's next harness. */
const spareStores: (StoragePort & { sql: Sql })[] = [];

/**
 * A migrated, empty store for one engine harness: SQLite in memory, or (postgres project) a
 * database of the run's server. `release()` closes the SQLite one; a PostgreSQL one is emptied and
 * kept open for the file's next harness (a property test makes hundreds), closed by `closeSpareStores`.
 */
export async function openHarnessStore(): Promise<{ store: HarnessStore; release(): Promise<void> }> {
  if (testStoreKind() === 'sqlite') {
    const store = createSqliteStore(openDatabase(':memory:'));
    return { store: { ...store, rescoreSnapshotPath: null }, release: () => store.close() };
  }
  const store = spareStores.pop() ?? (await openPostgresStore((await takeTestDatabase()).url, { max: 4 }));
  return {
    store,
    async release() {
      await emptyPostgres(store.sql);
      spareStores.push(store);
    },
  };
}

/** After a file: closes the stores kept for reuse (their databases are then dropped, postgres.ts). */
export async function closeSpareStores(): Promise<void> {
  await Promise.all(spareStores.splice(0).map((store) => store.close()));
}
