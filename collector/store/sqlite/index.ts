import type { DB } from '../../db/index.js';
import type { LiveBus, StoreTx, WriteStore } from '../port/index.js';
import { createSqliteAlertStores } from './alerts.js';
import { createSqliteAliases } from './aliases.js';
import { createSqliteAccounts } from './accounts.js';
import { createSqliteEnrichment } from './enrichment.js';
import { createSqliteEvents } from './events.js';
import { sqliteFleetLocks } from './fleet.js';
import { createSqliteIdentity } from './identity.js';
import { createSqliteLeads } from './leads.js';
import { createSqliteParts } from './parts.js';
import { createLocalLiveBus } from './live.js';
import { createSqliteOutcomes } from './outcomes.js';
import { createSqliteRouting } from './routing.js';
import { createSqliteSpend } from './spend.js';
import { asAsync } from '../port/async.js';
import { createSqliteTeamStores } from './team.js';

/** A unit of work awaited something other than the store, so it no longer ran in one macrotask. */
export class UnitSpannedIoError extends Error {
  constructor() {
    super('a unit of work awaited I/O other than the store; it was rolled back (see StoragePort.transaction)');
  }
}

/**
 * The SQLite store over one open, migrated connection. Units of work run one at a time (a promise
 * chain) between BEGIN IMMEDIATE and COMMIT. Every statement is synchronous; its answer is a
 * resolved promise, so a unit that awaits only the store ends within the macrotask it began in
 * and nothing else on the event loop (an HTTP handler reading on the same connection) can see
 * its uncommitted rows. A unit that awaits other I/O is detected (a check-phase callback has run
 * before its end) and rolled back rather than committed.
 */
export function createSqliteStore(db: DB): WriteStore & { readonly db: DB; readonly tx: StoreTx; readonly live: LiveBus } {
  const tx: StoreTx = {
    ...createSqliteParts(db),
    leads: createSqliteLeads(db),
    events: createSqliteEvents(db),
    identity: createSqliteIdentity(db),
    aliases: createSqliteAliases(db),
    accounts: createSqliteAccounts(db),
    enrichment: createSqliteEnrichment(db),
    ...createSqliteAlertStores(db),
    routing: createSqliteRouting(db),
    outcomes: createSqliteOutcomes(db),
    spend: asAsync(createSqliteSpend(db)),
    ...createSqliteTeamStores(db),
  };
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  let queue: Promise<unknown> = Promise.resolve();

  async function attempt<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    begin.run();
    let spanned = false;
    const guard = setImmediate(() => (spanned = true));
    try {
      const value = await work(tx);
      if (spanned) throw new UnitSpannedIoError();
      commit.run();
      return value;
    } catch (err) {
      if (db.inTransaction) rollback.run();
      throw err;
    } finally {
      clearImmediate(guard);
    }
  }

  return {
    kind: 'sqlite',
    db,
    tx,
    transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
      const run = queue.then(() => attempt(work));
      queue = run.catch(() => {});
      return run;
    },
    live: createLocalLiveBus(),
    fleet: sqliteFleetLocks,
    async close() {
      await queue;
      db.close();
    },
  };
}
export type SqliteStore = ReturnType<typeof createSqliteStore>;
