import type { DB } from '../../db/index.js';
import { asAsync } from '../port/async.js';
import type { AlertsStore, AlertStores, EndpointStore, LatchStore, MessageStore } from '../port/alerts.js';
import type { ApiReads } from '../port/reads.js';
import { sqliteAsyncUnit } from './async-unit.js';
import { sqliteEndpointRows } from './alerts-endpoints.js';
import { sqliteLatchRows } from './alerts-latches.js';
import { sqliteMessageRows } from './alerts-messages.js';

/** The alert stores on SQLite, prepared once per database, in the port's async shape. */
export function createSqliteAlertStores(db: DB): AlertStores {
  return {
    endpoints: asAsync(sqliteEndpointRows(db)),
    messages: asAsync(sqliteMessageRows(db)),
    latches: asAsync(sqliteLatchRows(db)),
  };
}

/** The alert rows for the SQLite writer's synchronous transaction (the outbox handler, the simulator). */
export function sqliteOutboxRows(db: DB) {
  return { endpoints: sqliteEndpointRows(db), messages: sqliteMessageRows(db), latches: sqliteLatchRows(db) };
}

/** The API's alert reads (`ApiReads.endpoints/messages/attempts`) on SQLite. */
export function sqliteAlertReads(db: DB): Pick<ApiReads, 'endpoints' | 'messages' | 'attempts'> {
  const { endpoints, messages } = createSqliteAlertStores(db);
  return {
    endpoints: () => endpoints.list(),
    messages: (id, options) => messages.page(id, options),
    attempts: (id) => messages.attempts(id),
  };
}

/** Alert work in SQLite units of work (see async-unit.ts). */
export function sqliteAlertsStore(db: DB): AlertsStore {
  const stores = createSqliteAlertStores(db);
  return { transaction: sqliteAsyncUnit(db, () => stores) };
}
