import { describe, expect, it } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { projectRoot } from '../paths.js';
import { BACKGROUND_NICE } from './blocks.js';

/** The calling thread's nice value, from /proc (Linux). */
const niceOfThisThread = () => {
  const stat = readFileSync('/proc/thread-self/stat', 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
};

/**
 * A rescore or backtest worker fills a core; the collector's thread answering ingest must win
 * whenever both want the CPU. Checked in a real worker thread: its own nice rises, the process's
 * other threads keep theirs.
 */
describe.runIf(process.platform === 'linux')('a background worker', () => {
  it(`runs at nice ${BACKGROUND_NICE} (never higher than it was), and only that thread does`, async () => {
    const { build } = await import('esbuild');
    const out = join(projectRoot, 'node_modules', '.cache', `nice-probe-${process.pid}.mjs`);
    await build({
      stdin: {
        contents: `import { parentPort } from 'node:worker_threads';
          import { readFileSync } from 'node:fs';
          import { readlinkSync } from 'node:fs';
          import { setPriority } from 'node:os';
          import { backgroundWorkerBody, lowerThisThread } from './collector/worker-script/blocks.ts';
          const nice = () => {
            const stat = readFileSync('/proc/thread-self/stat', 'utf8');
            return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
          };
          backgroundWorkerBody(() => {
            const lowered = nice();
            // Already lower than the background's nice: lowering again must not raise it.
            setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), 15);
            lowerThisThread();
            parentPort.postMessage([lowered, nice()]);
          });`,
        resolveDir: projectRoot,
        loader: 'ts',
      },
      outfile: out,
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'warning',
    });
    try {
      const before = niceOfThisThread();
      const [nice, afterFifteen] = await new Promise<[number, number]>((resolve, reject) => {
        const worker = new Worker(out);
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      expect(nice).toBe(Math.max(before, BACKGROUND_NICE));
      expect(afterFifteen).toBe(Math.max(before, 15));
      expect(niceOfThisThread()).toBe(before);
    } finally {
      rmSync(out, { force: true });
    }
  });
});
