import type { StoragePort } from '../port/index.js';
import { connectPostgres, type Sql } from './connect.js';
import { createFleetLocks } from './fleet-locks.js';
import { postgresUnitParts } from './index.js';
import { createPostgresLiveBus } from './live.js';
import { migratePostgres } from './migrate.js';
import { createPostgresReads } from './reads.js';
import { createPostgresSessions } from './sessions.js';
import { inTransaction } from './transaction.js';
import { createPostgresTeamReads } from './team.js';

/** The URL as it may be printed (banner, logs, the move's report): the password replaced, so it never reaches a terminal or a log. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

export interface PostgresStoreOptions {
  /** Connections in this collector's pool. */
  max?: number;
}

/**
 * The PostgreSQL store: one pool per collector, many collectors per database. Migrates under the
 * advisory lock (a newer schema is refused), then every unit of work runs in `inTransaction`
 * (READ COMMITTED, retried whole on 40001/40P01) with every part bound to that one transaction.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<StoragePort & { readonly sql: Sql }> {
  const sql = connectPostgres(url, { max: options.max ?? 10 });
  try {
    await migratePostgres(sql);
  } catch (err) {
    await sql.end({ timeout: 1 });
    throw err;
  }
  return {
    kind: 'postgres',
    location: redactUrl(url),
    transaction: (work) => inTransaction(sql, (tx) => work(postgresUnitParts(tx))),
    reads: createPostgresReads(sql),
    sessionReads: createPostgresSessions(sql),
    team: createPostgresTeamReads(sql),
    live: createPostgresLiveBus(sql),
    fleet: createFleetLocks(sql),
    sql,
    rescoreSnapshotPath: null,
    close: () => sql.end({ timeout: 5 }),
  };
}
