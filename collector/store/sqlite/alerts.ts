import type { DB } from '../../db/index.js';
import { asAsync } from '../port/async.js';
import type { AlertsTransaction, AlertsTx, EndpointStore, LatchStore, MessageStore } from '../port/alerts.js';
import type { ApiReads } from '../port/reads.js';
import { sqliteEndpointRows } from './alerts-endpoints.js';
import { sqliteLatchRows } from './alerts-latches.js';
import { sqliteMessageRows } from './alerts-messages.js';

type AlertStores = { endpoints: EndpointStore; messages: MessageStore; latches: LatchStore };

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

export class UnitAwaitedIoError extends Error {
  constructor() {
    super('a SQLite unit of work awaited something other than the database: it was rolled back');
  }
}

/**
 * Alert work in one SQLite transaction (BEGIN IMMEDIATE … COMMIT). The stores answer on
 * microtasks, so a unit that awaits only them finishes within the task that began it: the
 * writer, whose transactions each run inside one task, cannot interleave. A unit that awaited
 * I/O would break that; a check scheduled for the next task catches it and rolls back. Units are
 * queued one after another because two started together would otherwise share the transaction.
 */
export function sqliteAlertsTransaction(db: DB, clock: () => number): AlertsTransaction {
  const stores = createSqliteAlertStores(db);
  let queue: Promise<unknown> = Promise.resolve();
  async function run<T>(work: (tx: AlertsTx) => Promise<T>): Promise<T> {
    let nextTask = false;
    const check = setImmediate(() => (nextTask = true));
    db.exec('BEGIN IMMEDIATE');
    try {
      const value = await work({ now: clock(), ...stores });
      if (nextTask) throw new UnitAwaitedIoError();
      db.exec('COMMIT');
      return value;
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    } finally {
      clearImmediate(check);
    }
  }
  return <T>(work: (tx: AlertsTx) => Promise<T>): Promise<T> => {
    const result = queue.then(() => run(work));
    queue = result.catch(() => undefined);
    return result;
  };
}
