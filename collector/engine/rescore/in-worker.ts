import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ScoringConfig } from '../config.js';
import { projectRoot } from '../../paths.js';
import type { ScanChunk } from './scan.js';

/** A slice of the lead ids: after `after` up to and including `through` (null: to the last lead). */
export interface LeadRange {
  after: number;
  through: number | null;
}

export interface WorkerInput {
  dbPath: string;
  scoring: ScoringConfig;
  /** Timers are applied up to here. */
  to: number;
  /** Reasons and the lead row are derived as of here. */
  now: number;
  chunkLeads: number;
  /** The leads this worker replays; `split` (the first worker only): first cut the leads into this many parts, report their bounds and take the first. */
  range: LeadRange;
  split?: number;
}

/** What a worker posts: the bounds of the parts (the splitting worker, first) or a chunk of its replay. */
export type WorkerMessage = { bounds: number[] } | ScanChunk;

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
 * Runs the rescore scan in `parts` worker threads, each on a snapshot of its own over a disjoint
 * range of lead ids (a lead's replay reads only that lead's rows, so the parts are independent;
 * the first worker cuts the ranges from its snapshot, and a lead created after it falls in the last
 * range). Each chunk goes to `onChunk`, one at a time across all workers (the writer applies them).
 * Resolves with the number of workers once all are done and every chunk was applied; rejects on
 * the first error (every worker is then stopped).
 */
export async function scanInWorkers(
  input: Omit<WorkerInput, 'range' | 'split'>,
  parts: number,
  onChunk: (chunk: ScanChunk) => Promise<void>,
): Promise<number> {
  const script = await workerScript();
  const workers: Worker[] = [];
  const exits: Promise<void>[] = [];
  let applied = Promise.resolve();
  let failed: unknown = null;
  const fail = (err: unknown) => {
    failed ??= err;
    for (const w of workers) void w.terminate();
  };
  const start = (range: LeadRange, split?: number) => {
    const worker = new Worker(script, { workerData: { ...input, range, split } satisfies WorkerInput });
    workers.push(worker);
    worker.on('message', (message: WorkerMessage) => {
      if ('bounds' in message) {
        // Parts 2…n start once the first worker has cut the ranges.
        for (let i = 0; i < message.bounds.length; i++) start({ after: message.bounds[i]!, through: message.bounds[i + 1] ?? null });
        return;
      }
      applied = applied.then(() => (failed ? undefined : onChunk(message))).catch(fail);
    });
    exits.push(
      new Promise<void>((resolve) => {
        worker.once('error', (err) => {
          fail(err);
          resolve();
        });
        worker.once('exit', (code) => {
          if (code !== 0) fail(failed ?? new Error(`the rescore worker exited with code ${code}`));
          resolve();
        });
      }),
    );
  };
  start({ after: 0, through: null }, parts);
  // A worker starts the others before it exits, so `exits` is complete once the ones seen so far are done.
  for (let seen = 0; seen < exits.length; seen++) await exits[seen];
  await applied;
  if (failed) throw failed;
  return workers.length;
}
