import { runWithHeapLimit } from './heap-limit.js';

/**
 * `node dist/collector/main.js`: a launcher only. The collector (`serve.ts`, its own bundle) is
 * loaded on the thread that runs it: here when the heap is already bounded, else only in the
 * worker thread created with the limit, so the main thread's heap never holds a second copy of the
 * collector's modules (about 15 MB of resident memory; see "Memory budget" in docs/ARCHITECTURE.md).
 */
runWithHeapLimit(new URL('./serve.js', import.meta.url));
