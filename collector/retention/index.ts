import type { FleetLocks } from '../store/port/index.js';
import type { EventsTx } from '../store/port/engine.js';

/** What retention needs of the store: units of work that delete from the log, and fleet-once runs. */
export interface RetentionStore {
  transaction<T>(work: (tx: { events: Pick<EventsTx, 'removeReceivedBefore'> }) => Promise<T>): Promise<T>;
  fleet: FleetLocks;
}

export interface RetentionOptions {
  store: RetentionStore;
  /** null keeps events forever. */
  eventsDays: number | null;
  clock: () => number;
  /** How often the sweep runs. */
  intervalMs?: number;
  /** Rows deleted per transaction, so a large backlog never holds the writer (or row locks) for long. */
  chunkRows?: number;
  log?: (msg: string) => void;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * Deletes events received before the retention cutoff, in bounded chunks, one unit of work each.
 *
 * No index on `received_at` (every insert would pay for one): `seq` grows in receipt order, so the
 * expired events are the head of the log. Each chunk looks at the oldest `chunkRows` rows by seq and
 * deletes those past the cutoff; a chunk with a younger row ends the sweep. An event is therefore
 * never deleted early; one received while the clock was stepped back waits for the younger events
 * ahead of it to expire.
 */
export async function sweepRetention({ store, eventsDays, clock, chunkRows = 5000 }: RetentionOptions): Promise<number> {
  if (eventsDays === null) return 0;
  const cutoff = clock() - eventsDays * DAY_MS;
  let total = 0;
  for (;;) {
    const deleted = await store.transaction((tx) => tx.events.removeReceivedBefore(cutoff, chunkRows));
    total += deleted;
    if (deleted < chunkRows) return total;
  }
}

/**
 * One retention round for the fleet: the collector that gets the job's lock sweeps, the others
 * skip this round (null). A collector dying mid-sweep loses the lock with its connection; what it
 * committed stays deleted and the next round's taker carries on from the head of the log.
 */
export const runRetention = (options: RetentionOptions): Promise<number | null> =>
  options.store.fleet.runOnce('retention', () => sweepRetention(options));

/** Runs a round at start and then every `intervalMs` (default hourly); returns a stop function. */
export function startRetention(options: RetentionOptions): () => void {
  if (options.eventsDays === null) return () => {};
  const run = () =>
    runRetention(options).then(
      (n) => n && options.log?.(`kindling: retention deleted ${n} events older than ${options.eventsDays} days`),
      (err: Error) => options.log?.(`kindling: retention sweep failed: ${err.message}`),
    );
  void run();
  const timer = setInterval(run, options.intervalMs ?? 3600_000);
  timer.unref();
  return () => clearInterval(timer);
}
