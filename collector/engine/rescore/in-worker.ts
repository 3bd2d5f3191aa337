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
  chunkLeads: number;
}

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
 * Runs the rescore scan in a worker thread and hands each chunk to `onChunk` in order, waiting
 * for one before the next (the writer applies them). Resolves when the worker is done and every
 * chunk was applied; rejects on the worker's error (it is then stopped).
 */
export async function scanInWorker(input: WorkerInput, onChunk: (chunk: ScanChunk) => Promise<void>): Promise<void> {
  const worker = new Worker(await workerScript(), { workerData: input });
  let applied = Promise.resolve();
  let failed: unknown = null;
  worker.on('message', (chunk: ScanChunk) => {
    applied = applied
      .then(() => (failed ? undefined : onChunk(chunk)))
      .catch((err: unknown) => {
        failed ??= err;
        void worker.terminate();
      });
  });
  await new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 || failed ? resolve() : reject(new Error(`the rescore worker exited with code ${code}`))));
  });
  await applied;
  if (failed) throw failed;
}
