import { parentPort, workerData } from 'node:worker_threads';
import { compileRules } from '../../engine/rules/compile.js';
import { createScan } from '../../engine/rescore/scan.js';
import { openSqliteSnapshot } from './backtest-source.js';
import { readRankEpoch } from './rank-epoch.js';
import { createInputReader, lastLeadId } from './rescore-inputs.js';
import { backgroundWorkerBody, takeBlock } from '../../worker-script/blocks.js';
import type { WorkerInput, WorkerMessage } from '../../engine/rescore/in-worker.js';

/**
 * The rescore worker (a `worker_threads` entry, bundled to rescore-worker.js beside each Node
 * entry that rescores): replays blocks of lead ids taken from the counter it shares with the other
 * workers, on a read-only connection of its own held in one read transaction (one snapshot), and
 * posts the leads whose rows would change, a chunk (one block) at a time. It never writes: the main
 * thread applies the changes through the one writer. It stops at the first block that starts after
 * its snapshot's last lead.
 */
backgroundWorkerBody(() => {
  const input = workerData as WorkerInput;
  const snapshot = openSqliteSnapshot(input.dbPath);
  const { db } = snapshot;
  try {
    const last = lastLeadId(db);
    const inputs = createInputReader(db);
    let through = 0;
    const scan = createScan(
      { inputs: (after, limit) => inputs.chunk(after, limit, through), rankEpoch: readRankEpoch(db) },
      compileRules(input.scoring),
      input.to,
      input.now,
    );
    for (;;) {
      const after = takeBlock(input.nextBlock) * input.chunkLeads;
      if (after >= last) break;
      through = after + input.chunkLeads;
      const chunk = scan.chunk(after, input.chunkLeads);
      if (chunk.leads) parentPort!.postMessage(chunk satisfies WorkerMessage);
    }
  } finally {
    snapshot.close();
  }
});
