import type { ScoringConfig } from '../config.js';
import { workerScript } from '../../worker-script/index.js';
import { runBlockWorkers, type SharedBlocks } from '../../worker-script/blocks.js';
import type { ScanChunk } from './scan.js';

export interface WorkerInput extends SharedBlocks {
  dbPath: string;
  scoring: ScoringConfig;
  /** Timers are applied up to here. */
  to: number;
  /** Reasons and the lead row are derived as of here. */
  now: number;
  /** Lead ids per block: block b holds the ids after b × chunkLeads, up to (b + 1) × chunkLeads. */
  chunkLeads: number;
}

/** What a worker posts: a chunk of its replay. */
export type WorkerMessage = ScanChunk;

/**
 * Runs the rescore scan in `parts` worker threads, each on a snapshot of its own, taking blocks of
 * lead ids from a shared counter until a block starts after its snapshot's last lead (a lead's
 * replay reads only that lead's rows, so blocks are independent; a lead created after a worker's
 * snapshot was scored by ingest under these rules). Each chunk goes to `onChunk`, one at a time
 * across all workers (the writer applies them). Resolves with the number of workers once all are
 * done and every chunk was applied; rejects on the first error (every worker is then stopped).
 */
export async function scanInWorkers(
  input: Omit<WorkerInput, 'nextBlock'>,
  parts: number,
  onChunk: (chunk: ScanChunk) => Promise<void>,
): Promise<number> {
  const script = await workerScript('rescore-worker', 'collector/store/sqlite/rescore-worker.ts', import.meta.url);
  return runBlockWorkers<Omit<WorkerInput, 'nextBlock'>, WorkerMessage>(script, input, parts, onChunk);
}
