import type { AlertsTransaction, AlertsTx, EndpointStore, LatchStore, MessageStore } from '../port/alerts.js';
import type { Sql, SqlOrTx } from './connect.js';
import { inTransaction } from './transaction.js';
import { createPostgresEndpoints } from './alerts-endpoints.js';
import { createPostgresLatches } from './alerts-latches.js';
import { createPostgresMessages } from './alerts-messages.js';

/** The alert stores on PostgreSQL, bound to a client or to one transaction. */
export function createPostgresAlertStores(sql: SqlOrTx): { endpoints: EndpointStore; messages: MessageStore; latches: LatchStore } {
  return { endpoints: createPostgresEndpoints(sql), messages: createPostgresMessages(sql), latches: createPostgresLatches(sql) };
}

/** Alert work in one PostgreSQL transaction, run again whole on a serialization failure or deadlock. */
export function postgresAlertsTransaction(sql: Sql, clock: () => number): AlertsTransaction {
  return <T>(work: (tx: AlertsTx) => Promise<T>) => inTransaction(sql, (tx) => work({ now: clock(), ...createPostgresAlertStores(tx) }));
}
