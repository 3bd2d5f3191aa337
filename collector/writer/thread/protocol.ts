import type { Config } from '../../config/index.js';
import type { DomainEvent } from '../../events/domain.js';
import type { NewEvent } from '../../events/types.js';

/** What the writer thread starts from (its `workerData`): the collector's config, the database file. */
export interface WriterThreadInput {
  config: Config;
  dbPath: string;
  /** Whether enrichment lookups are queued (the collector decided: a provider is configured). */
  enrichment: boolean;
}

/** To the thread: the event writes of one turn of the collector's event loop, or the request to stop. */
export type ToWriterThread = { kind: 'write'; writes: { id: number; events: NewEvent[] }[] } | { kind: 'close' };

/** A write's answer: `[id, inserted, duplicates]`, or `[id, error message]`. */
export type WriteAnswer = [id: number, inserted: number, duplicates: number] | [id: number, error: string];

/**
 * From the thread: `ready` once its writer is plugged; `committed` with the answers and domain
 * events of the commits since its last message (and whether they queued outbox messages).
 */
export type FromWriterThread =
  | { kind: 'ready' }
  | { kind: 'committed'; answers: WriteAnswer[]; events: DomainEvent[]; queued: boolean }
  | { kind: 'failed'; error: string };
