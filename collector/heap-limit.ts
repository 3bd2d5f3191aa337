import { getHeapStatistics } from 'node:v8';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';

/**
 * The collector's heap limit, however it is started. Under V8's default limit on a large machine
 * (4 GiB with 16 GiB of RAM) the heap grows lazily and sustained ingest settles far above what the
 * working set needs; with 1 GiB it stays near the working set. The limit can only be set when a
 * V8 heap is created (`v8.setFlagsFromString` is too late), so a process started without one runs
 * the collector in a worker thread created with it: one process, one PID to watch, same code.
 */
export const HEAP_LIMIT_MB = 1024;
/**
 * The worker's young generation. Left to V8, a worker created with a 1 GiB old space gets 48 MB
 * (the banner's limit then reads 1072 MB) and fills it under ingest; 16 MB took ~14 MB off the
 * collector's RSS with no measurable CPU per event (docs/ARCHITECTURE.md, "Memory budget").
 */
export const YOUNG_GENERATION_MB = 16;
/** V8 adds the young generation to the old-space limit it reports. */
const REPORTED_SLACK_MB = 256;

export function heapLimitMb(): number {
  return Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);
}

/** A flag, NODE_OPTIONS or a small machine may already bound the heap: then no worker is needed. */
export function heapIsBounded(limitMb = heapLimitMb()): boolean {
  return limitMb <= HEAP_LIMIT_MB + REPORTED_SLACK_MB;
}

export type StopSignal = 'SIGTERM' | 'SIGINT';
const SIGNALS: StopSignal[] = ['SIGTERM', 'SIGINT'];

/** How the started collector hears that it should stop: process signals, or the launcher's message. */
export type OnStop = (handler: (signal: StopSignal) => void) => void;

/** How the collector on this thread hears it should stop: process signals, or (in the worker) the launcher's message. */
export function stopSignals(): OnStop {
  if (!isMainThread) return (handler) => parentPort!.on('message', (m: { signal?: StopSignal }) => m.signal && handler(m.signal));
  return (handler) => SIGNALS.forEach((s) => process.on(s, () => handler(s)));
}

/**
 * Loads the collector module `collectorUrl` here when the heap is bounded, else in a worker thread
 * with the limit. Signals reach only the main thread: it forwards them, and exits with the
 * worker's exit code.
 */
export function runWithHeapLimit(collectorUrl: URL): void {
  if (heapIsBounded()) return void import(collectorUrl.href);
  const worker = new Worker(collectorUrl, {
    argv: process.argv.slice(2),
    resourceLimits: { maxOldGenerationSizeMb: HEAP_LIMIT_MB, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
  for (const s of SIGNALS) process.on(s, () => worker.postMessage({ signal: s }));
  worker.on('error', (err) => console.error(err));
  worker.on('exit', (code) => process.exit(code));
}
