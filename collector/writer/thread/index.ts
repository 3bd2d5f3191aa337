import { Worker } from 'node:worker_threads';
import type { Config } from '../../config/index.js';
import type { NewEvent } from '../../events/types.js';
import { workerScript } from '../../worker-script/index.js';
import { WriterClosedError, type CommitListener, type EventSink, type WriteCount } from '../index.js';
import type { FromWriterThread, ToWriterThread, WriterThreadInput } from './protocol.js';

export interface WriterThreadOptions {
  config: Config;
  /** The collector's SQLite file (already migrated). */
  dbPath: string;
  enrichment: boolean;
  /** Called when the thread's commits queued outbox messages, before the commit listeners run (the sender's wake). */
  onQueued: () => void;
  log: (msg: string) => void;
}

/** The events half of a writer, on its own thread (`collector/writer-worker.ts`): stores, then announces the commits' domain events here. */
export interface WriterThread extends EventSink {
  afterCommit(listener: CommitListener): void;
  /** Stores what was handed over, then stops the thread. */
  close(): Promise<void>;
}

/** The thread's heap: a writer's working set (one batch, the engine's leads of it), not the collector's. */
const THREAD_HEAP_MB = 256;

/**
 * Starts the writer thread (`collector/writer-worker.ts`) and resolves once its writer is ready. Writes handed over
 * in one turn of this event loop go as one message (a message per request would cost each
 * request a wake-up of the other thread); each resolves after its commit, as `Writer.write` does.
 * If the thread dies, every waiting write and every later one is refused with its error.
 */
export async function startWriterThread(options: WriterThreadOptions): Promise<WriterThread> {
  const script = await workerScript('writer-worker', 'collector/writer-worker.ts', import.meta.url);
  const input: WriterThreadInput = { config: options.config, dbPath: options.dbPath, enrichment: options.enrichment };
  const worker = new Worker(script, { workerData: input, resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB } });
  const waiting = new Map<number, { resolve: (r: WriteCount) => void; reject: (e: unknown) => void }>();
  const listeners: CommitListener[] = [];
  let outgoing: { id: number; events: NewEvent[] }[] = [];
  let nextId = 1;
  let closed = false;
  let dead: Error | null = null;

  const fail = (err: Error) => {
    dead ??= err;
    for (const w of waiting.values()) w.reject(dead);
    waiting.clear();
  };
  const send = () => {
    const writes = outgoing;
    outgoing = [];
    if (dead) return;
    worker.postMessage({ kind: 'write', writes } satisfies ToWriterThread);
  };

  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: FromWriterThread) => {
      if (message.kind === 'ready') return resolve();
      if (message.kind === 'failed') return options.log(`kindling: the writer thread failed: ${message.error}`);
      for (const answer of message.answers) {
        const w = waiting.get(answer[0]);
        if (!w) continue;
        waiting.delete(answer[0]);
        if (answer.length === 2) w.reject(new Error(answer[1]));
        else w.resolve({ inserted: answer[1], duplicates: answer[2] });
      }
      if (message.queued) options.onQueued();
      if (!message.events.length) return;
      for (const listener of listeners) {
        try {
          listener(message.events);
        } catch (err) {
          options.log(`kindling: commit listener failed: ${(err as Error).stack ?? err}`);
        }
      }
    });
    worker.once('error', (err) => {
      fail(err);
      reject(err);
    });
    worker.once('exit', (code) => {
      const err = new Error(`the writer thread exited (code ${code})`);
      fail(err);
      reject(err);
    });
  });
  await ready;

  return {
    afterCommit: (listener) => void listeners.push(listener),
    write(events) {
      if (closed) return Promise.reject(new WriterClosedError());
      if (dead) return Promise.reject(dead);
      if (!events.length) return Promise.resolve({ inserted: 0, duplicates: 0 });
      return new Promise<WriteCount>((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        if (!outgoing.length) setImmediate(send);
        outgoing.push({ id, events });
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      if (outgoing.length) send();
      if (dead) return;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage({ kind: 'close' } satisfies ToWriterThread);
      await exited;
    },
  };
}
