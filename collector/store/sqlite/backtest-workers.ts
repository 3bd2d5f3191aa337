import type { ScoringConfig } from '../../engine/config.js';
import type { ReplayedChunk, ReplayInWorkers } from '../../backtest/replay.js';
import { workerScript } from '../../worker-script/index.js';
import { runBlockWorkers, type SharedBlocks } from '../../worker-script/blocks.js';

export interface BacktestWorkerInput extends SharedBlocks {
  dbPath: string;
  current: ScoringConfig;
  proposed: ScoringConfig;
  /** Stages and scores as of this moment. */
  now: number;
  /** Lead ids per block: block b holds the ids after b × chunkLeads, up to (b + 1) × chunkLeads. */
  chunkLeads: number;
}

/** Lead ids per block a backtest worker takes: small enough that the workers finish close together. */
const CHUNK_LEADS = 250;

/**
 * A backtest's replays in `parts` worker threads on the SQLite file at `dbPath` (the workers read
 * the rules as configuration and compile them themselves: compiled rules do not cross threads).
 */
export function replayInWorkers(
  dbPath: string,
  rules: { current: ScoringConfig; proposed: ScoringConfig },
  parts: number,
  chunkLeads = CHUNK_LEADS,
): ReplayInWorkers {
  return async (now, onChunk) => {
    const script = await workerScript('backtest-worker', 'collector/store/sqlite/backtest-worker.ts', import.meta.url);
    const input: Omit<BacktestWorkerInput, 'nextBlock'> = { dbPath, ...rules, now, chunkLeads };
    return runBlockWorkers<Omit<BacktestWorkerInput, 'nextBlock'>, ReplayedChunk>(script, input, parts, onChunk);
  };
}
