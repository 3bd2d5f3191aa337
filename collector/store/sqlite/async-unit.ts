import type { DB } from '../../db/index.js';

export class UnitAwaitedIoError extends Error {
  constructor() {
    super('a SQLite unit of work awaited something other than the database: it was rolled back');
  }
}

/**
 * Async work in one SQLite transaction (BEGIN IMMEDIATE … COMMIT), for the parts that already
 * speak the async port while the writer's own unit of work is still synchronous. The stores
 * answer on microtasks, so a unit that awaits only them finishes within the task that began it:
 * the writer, whose transactions each run inside one task, cannot interleave. A unit that awaited
 * I/O would break that; a check scheduled for the next task catches it and rolls back. Units are
 * queued one after another because two started together would otherwise share the transaction.
 */
export function sqliteAsyncUnit<Tx>(db: DB, openTx: () => Tx): <T>(work: (tx: Tx) => Promise<T>) => Promise<T> {
  let queue: Promise<unknown> = Promise.resolve();
  async function run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    let nextTask = false;
    const check = setImmediate(() => (nextTask = true));
    db.exec('BEGIN IMMEDIATE');
    try {
      const value = await work(openTx());
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
  return <T>(work: (tx: Tx) => Promise<T>): Promise<T> => {
    const result = queue.then(() => run(work));
    queue = result.catch(() => undefined);
    return result;
  };
}
