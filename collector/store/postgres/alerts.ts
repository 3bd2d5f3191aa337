import type { EndpointStore, LatchStore, MessageStore } from '../port/alerts.js';
import type { SqlOrTx } from './connect.js';
import { createPostgresEndpoints } from './alerts-endpoints.js';
import { createPostgresLatches } from './alerts-latches.js';
import { createPostgresMessages } from './alerts-messages.js';

/** The alert stores on PostgreSQL, bound to a client or to one transaction. */
export function createPostgresAlertStores(sql: SqlOrTx): { endpoints: EndpointStore; messages: MessageStore; latches: LatchStore } {
  return { endpoints: createPostgresEndpoints(sql), messages: createPostgresMessages(sql), latches: createPostgresLatches(sql) };
}
