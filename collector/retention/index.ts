import type { Writer } from '../writer/index.js';

export interface RetentionOptions {
  writer: Writer;
  /** null keeps events forever. */
  eventsDays: number | null;
  clock: () => number;
  /** How often the sweep runs. */
  intervalMs?: number;
  /** Rows deleted per transaction, so a large backlog never holds the writer for long. */
  chunkRows?: number;
  log?: (msg: string) => void;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * Deletes events received before the retention cutoff, in bounded chunks through the writer.
 *
 * No index on `received_at` (every insert would pay for one): `seq` grows in receipt order, so the
 * expired events are the head of the log. Each chunk looks at the oldest `chunkRows` rows by seq and
 * deletes those past the cutoff; a chunk with a younger row ends the sweep. An event is therefore
 * never deleted early; one received while the clock was stepped back waits for the younger events
 * ahead of it to expire.
 */
export async function sweepRetention({ writer, eventsDays, clock, chunkRows = 5000 }: RetentionOptions): Promise<number> {
  if (eventsDays === null) return 0;
  const cutoff = clock() - eventsDays * DAY_MS;
  let total = 0;
  for (;;) {
    const deleted = await writer.transact(
      (ctx) =>
        ctx.db
          .prepare('DELETE FROM events WHERE seq IN (SELECT seq FROM events ORDER BY seq LIMIT ?) AND received_at < ?')
          .run(chunkRows, cutoff).changes,
    );
    total += deleted;
    if (deleted < chunkRows) return total;
  }
}

/** Runs the sweep at start and then every `intervalMs` (default hourly); returns a stop function. */
export function startRetention(options: RetentionOptions): () => void {
  if (options.eventsDays === null) return () => {};
  const run = () =>
    sweepRetention(options).then(
      (n) => n && options.log?.(`kindling: retention deleted ${n} events older than ${options.eventsDays} days`),
      (err: Error) => options.log?.(`kindling: retention sweep failed: ${err.message}`),
    );
  void run();
  const timer = setInterval(run, options.intervalMs ?? 3600_000);
  timer.unref();
  return () => clearInterval(timer);
}
