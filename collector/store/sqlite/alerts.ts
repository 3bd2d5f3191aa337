import type { DB } from '../../db/index.js';
import { asAsync } from '../port/async.js';
import type { AlertStores } from '../port/alerts.js';
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
