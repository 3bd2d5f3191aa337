import { getSetting, setSetting, type DB } from '../../db/index.js';
import { createEventStore } from './event-log.js';
import { asAsync } from '../port/async.js';
import type { DashboardSessions, EventLog, Settings } from '../port/parts.js';
import { sqliteSessionRows } from './sessions.js';

/** The port's first parts over the statements the SQLite collector already uses. */
export function createSqliteParts(db: DB): { log: EventLog; settings: Settings; sessions: DashboardSessions } {
  const events = createEventStore(db);
  return {
    log: asAsync({ append: events.insert }),
    settings: asAsync({ get: (key: string) => getSetting(db, key), set: (key: string, value: string) => setSetting(db, key, value) }),
    sessions: asAsync(sqliteSessionRows(db)),
  };
}
