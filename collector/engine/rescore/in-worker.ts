import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ScoringConfig } from '../config.js';
import { projectRoot } from '../../paths.js';
import type { ScanChunk } from './scan.js';

export interface WorkerInput {
  dbPath: string;
  scoring: ScoringConfig;
  /** Timers are applied up to here. */
  to: number;
  /** Reasons and the lead row are derived as of here. */
  now: number;
  /** Lead ids per block: block b holds the ids after b × chunkLeads, up to (b + 1) × chunkLeads. */
  chunkLeads: number;
  /** One Int32 shared by all workers: the next block to take (see blocks.ts). */
  nextBlock: SharedArrayBuffer;
}

/** What a worker posts: a chunk of its replay. */
export type WorkerMessage = ScanChunk;

let bundled: Promise<string> | null = null;

/**
 * The worker's script: rescore-worker.js beside the running bundle (dist/…); from the TypeScript
 * sources (tests) the worker is bundled once per process with esbuild (a dev dependency, loaded
 * only then) under node_modules/.cache, where its packages resolve.
 */
function workerScript(): Promise<string> {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return Promise.resolve(fileURLToPath(new URL('./rescore-worker.js', here)));
  bundled ??= (async () => {
    const { build } = await import('esbuild');
    const dir = join(projectRoot, 'node_modules', '.cache', 'kindling');
    mkdirSync(dir, { recursive: true });
    const out = join(dir, `rescore-worker-${process.pid}-${Math.random().toString(36).slice(2)}.mjs`);
    await build({
      entryPoints: [fileURLToPath(new URL('../../store/sqlite/rescore-worker.ts', here))],
      outfile: `${out}.tmp`,
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'warning',
    });
    renameSync(`${out}.tmp`, out);
    return out;
  })();
  return bundled;
}

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
  const script = await workerScript();
  const nextBlock = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const workers: Worker[] = [];
  let applied = Promise.resolve();
  let failed: unknown = null;
  const fail = (err: unknown) => {
    failed ??= err;
    for (const w of workers) void w.terminate();
  };
  const exits = Array.from({ length: Math.max(1, parts) }, () => {
    const worker = new Worker(script, { workerData: { ...input, nextBlock } satisfies WorkerInput });
    workers.push(worker);
    worker.on('message', (message: WorkerMessage) => {
      applied = applied.then(() => (failed ? undefined : onChunk(message))).catch(fail);
    });
    return new Promise<void>((resolve) => {
      worker.once('error', (err) => {
        fail(err);
        resolve();
      });
      worker.once('exit', (code) => {
        if (code !== 0) fail(failed ?? new Error(`the rescore worker exited with code ${code}`));
        resolve();
      });
    });
  });
  await Promise.all(exits);
  await applied;
  if (failed) throw failed;
  return workers.length;
}
