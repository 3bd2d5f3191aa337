import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { compileRules } from '../../engine/rules/compile.js';
import { createScan } from '../../engine/rescore/scan.js';
import { readRankEpoch } from './rank-epoch.js';
import { createInputReader, leadBounds } from './rescore-inputs.js';
import type { WorkerInput, WorkerMessage } from '../../engine/rescore/in-worker.js';

/**
 * The rescore worker (a `worker_threads` entry, bundled to rescore-worker.js beside each Node
 * entry that rescores): replays its range of leads on a read-only connection of its own, held in
 * one read transaction (one snapshot), and posts the leads whose rows would change, a chunk at a
 * time. It never writes: the main thread applies the changes through the one writer. The first
 * worker first cuts the leads into parts of equal size and posts the bounds (the others take them).
 */
const input = workerData as WorkerInput;
const post = (message: WorkerMessage) => parentPort!.postMessage(message);
const db = new Database(input.dbPath, { readonly: true, fileMustExist: true });
try {
  db.pragma('query_only = ON');
  db.pragma('busy_timeout = 5000');
  db.exec('BEGIN');
  let through = input.range.through;
  if (input.split && input.split > 1) {
    const bounds = leadBounds(db, input.split);
    if (bounds.length) {
      through = bounds[0]!;
      post({ bounds });
    }
  }
  const inputs = createInputReader(db);
  const scan = createScan(
    { inputs: (after, limit) => inputs.chunk(after, limit, through), rankEpoch: readRankEpoch(db) },
    compileRules(input.scoring),
    input.to,
    input.now,
  );
  for (let after = input.range.after; ;) {
    const chunk = scan.chunk(after, input.chunkLeads);
    post(chunk);
    if (chunk.leads < input.chunkLeads) break;
    after = chunk.after;
  }
} finally {
  if (db.inTransaction) db.exec('ROLLBACK');
  db.close();
}
