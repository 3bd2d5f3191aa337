import type { DB } from '../../db/index.js';
import type { EventsTx } from '../port/engine.js';
import type { RetentionStore } from '../../retention/index.js';
import { sqliteAsyncUnit } from './async-unit.js';
import { sqliteFleetLocks } from './fleet.js';

/**
 * `EventsTx.removeReceivedBefore` on SQLite: the head of the log by seq (seq grows in receipt
 * order, so no index on received_at is needed), those rows past the cutoff.
 */
export function sqliteRetentionRows(db: DB): Pick<EventsTx, 'removeReceivedBefore'> {
  const remove = db.prepare('DELETE FROM events WHERE seq IN (SELECT seq FROM events ORDER BY seq LIMIT ?) AND received_at < ?');
  return { removeReceivedBefore: async (cutoff, limit) => remove.run(limit, cutoff).changes };
}

/** Retention's store on SQLite: its own units of work, and a fleet of one. */
export function sqliteRetentionStore(db: DB): RetentionStore {
  const events = sqliteRetentionRows(db);
  return { transaction: sqliteAsyncUnit(db, () => ({ events })), fleet: sqliteFleetLocks };
}
