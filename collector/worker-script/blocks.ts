import { readlinkSync } from 'node:fs';
import { availableParallelism, getPriority, setPriority } from 'node:os';
import { Worker } from 'node:worker_threads';

/** What every block-sharing worker gets besides its own input: the counter the workers share. */
export interface SharedBlocks {
  /** One Int32 shared by all workers: the next block to take (`takeBlock`). */
  nextBlock: SharedArrayBuffer;
}

/** Worker threads a rescore or a backtest replays in by default: one per core, at most two (the collector keeps a core's share). */
export const defaultWorkers = (): number => Math.min(2, availableParallelism());

/**
 * Takes the next block of lead ids for this worker: the workers take blocks from one shared counter
 * as they go, so each replays as many as its share of the CPU allows and all finish within a block
 * of each other (a fixed split left one worker running alone while the other was done, and the
 * second could only start once the first had cut the ranges).
 */
export const takeBlock = (nextBlock: SharedArrayBuffer): number => Atomics.add(new Int32Array(nextBlock), 0, 1);

/**
 * How much lower than the collector's thread a rescore or backtest worker runs (Linux nice, 0–19):
 * on a machine whose cores the workers fill, the thread that answers ingest and the dashboard
 * then gets the CPU whenever it wants it, and the workers take the rest. With nothing else to
 * run, a lower priority costs the workers nothing.
 */
export const BACKGROUND_NICE = 10;

/**
 * Lowers the calling thread's scheduling priority to `nice`, never raising it (a collector started
 * under `nice 15` keeps its workers at 15). On Linux a thread has an id of its own (`/proc/thread-self`
 * names it) and setpriority on that id moves that thread alone, not the process. Returns false where it
 * cannot (another system); nothing changes then.
 */
export function lowerThisThread(nice = BACKGROUND_NICE): boolean {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isSafeInteger(tid) || tid <= 0) return false;
    setPriority(tid, Math.max(getPriority(tid), nice));
    return true;
  } catch {
    return false;
  }
}

/**
 * A rescore or backtest worker's body: run at a lower priority (`lowerThisThread`), and an error it
 * throws reaches the parent as a plain Error with the same message (an Error subclass, such as
 * better-sqlite3's SqliteError, crosses the thread as an object with its `code` alone, and the
 * message that says what failed is lost).
 */
export function backgroundWorkerBody(body: () => void): void {
  lowerThisThread();
  try {
    body();
  } catch (err) {
    if (!(err instanceof Error) || err.constructor === Error) throw err;
    throw new Error(`${err.name}: ${err.message}`, { cause: err });
  }
}

/**
 * Runs `parts` copies of the worker `script`, each given `input` and the shared block counter.
 * Each message goes to `onMessage`, one at a time across all workers, in arrival order. Resolves
 * with the number of workers once all have exited and every message was handled; rejects with the
 * first error (a worker's, a non-zero exit, or `onMessage`'s), and then every worker is stopped.
 */
export async function runBlockWorkers<I extends object, M>(
  script: string,
  input: I,
  parts: number,
  onMessage: (message: M) => Promise<void> | void,
): Promise<number> {
  const nextBlock = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const workers: Worker[] = [];
  let handled: Promise<void> = Promise.resolve();
  let failed: unknown = null;
  const fail = (err: unknown) => {
    failed ??= err;
    for (const w of workers) void w.terminate();
  };
  const exits = Array.from({ length: Math.max(1, parts) }, () => {
    const worker = new Worker(script, { workerData: { ...input, nextBlock } satisfies I & SharedBlocks });
    workers.push(worker);
    worker.on('message', (message: M) => {
      handled = handled.then(() => (failed ? undefined : onMessage(message))).catch(fail);
    });
    return new Promise<void>((resolve) => {
      worker.once('error', (err) => {
        fail(err);
        resolve();
      });
      worker.once('exit', (code) => {
        if (code !== 0) fail(failed ?? new Error(`a worker (${script}) exited with code ${code}`));
        resolve();
      });
    });
  });
  await Promise.all(exits);
  await handled;
  if (failed) throw failed;
  return workers.length;
}
