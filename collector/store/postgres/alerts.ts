import type { AlertsStore, EndpointStore, LatchStore, MessageStore } from '../port/alerts.js';
import type { Sql, SqlOrTx } from './connect.js';
import { inTransaction } from './transaction.js';
import { createPostgresEndpoints } from './alerts-endpoints.js';
import { createPostgresLatches } from './alerts-latches.js';
import { createPostgresMessages } from './alerts-messages.js';

/** The alert stores on PostgreSQL, bound to a client or to one transaction. */
export function createPostgresAlertStores(sql: SqlOrTx): { endpoints: EndpointStore; messages: MessageStore; latches: LatchStore } {
  return { endpoints: createPostgresEndpoints(sql), messages: createPostgresMessages(sql), latches: createPostgresLatches(sql) };
}

/** Alert work in PostgreSQL transactions, each run again whole on a serialization failure or deadlock. */
export function postgresAlertsStore(sql: Sql): AlertsStore {
  return { transaction: (work) => inTransaction(sql, (tx) => work(createPostgresAlertStores(tx))) };
}
