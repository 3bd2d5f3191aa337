import type { RetentionStore } from '../../retention/index.js';
import type { Sql } from './connect.js';
import { createPostgresEvents } from './events.js';
import { createFleetLocks } from './fleet-locks.js';
import { inTransaction } from './transaction.js';

/** Retention's store on PostgreSQL: each chunk its own transaction, the sweep once per fleet. */
export function postgresRetentionStore(sql: Sql): RetentionStore {
  return { transaction: (work) => inTransaction(sql, (tx) => work({ events: createPostgresEvents(tx) })), fleet: createFleetLocks(sql) };
}
