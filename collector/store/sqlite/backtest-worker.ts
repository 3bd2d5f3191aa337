import { parentPort, workerData } from 'node:worker_threads';
import { compileRules } from '../../engine/rules/compile.js';
import { backtestReplayers, replayChunk, type ReplayedChunk } from '../../backtest/replay.js';
import { toInputs } from '../../backtest/inputs.js';
import { backgroundWorkerBody, takeBlock } from '../../worker-script/blocks.js';
import { openSqliteSnapshot } from './backtest-source.js';
import { createInputReader, lastLeadId } from './rescore-inputs.js';
import type { BacktestWorkerInput } from './backtest-workers.js';

/**
 * The backtest worker (a `worker_threads` entry, bundled to backtest-worker.js beside each Node
 * entry that backtests): replays blocks of lead ids taken from the counter it shares with the other
 * workers under the current and the proposed rules, on a read-only snapshot of its own, and posts
 * each block's replays. It stops at the first block that starts after its snapshot's last lead.
 */
backgroundWorkerBody(() => {
  const input = workerData as BacktestWorkerInput;
  const snapshot = openSqliteSnapshot(input.dbPath);
  try {
    const last = lastLeadId(snapshot.db);
    const inputs = createInputReader(snapshot.db, { stored: false });
    const replayers = backtestReplayers(compileRules(input.current), compileRules(input.proposed));
    for (;;) {
      const after = takeBlock(input.nextBlock) * input.chunkLeads;
      if (after >= last) break;
      const leads = toInputs(inputs.chunk(after, input.chunkLeads, after + input.chunkLeads));
      if (leads.length) parentPort!.postMessage(replayChunk(replayers, leads, input.now) satisfies ReplayedChunk);
    }
  } finally {
    snapshot.close();
  }
});
