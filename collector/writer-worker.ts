import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from './db/index.js';
import { createSqliteStore } from './store/sqlite/index.js';
import { compileRules } from './engine/rules/compile.js';
import { plugEventPath } from './event-path/index.js';
import { queuedSignal } from './alerts/queued.js';
import { createWriter } from './writer/index.js';
import type { DomainEvent } from './events/domain.js';
import type { FromWriterThread, ToWriterThread, WriteAnswer, WriterThreadInput } from './writer/thread/protocol.js';

/**
 * The writer thread's body, a composition root like `kindling.ts` (a `worker_threads` entry, bundled
 * to writer-worker.js beside the collector): a connection of its own to the collector's SQLite file
 * and a writer with the same projections and handlers (`plugEventPath`), storing the events the
 * collector's thread hands it. Answers and committed domain events go back once per turn of this
 * thread's event loop.
 *
 * Its writes wait for the collector's write jobs (a rescore's accounts rebuild holds the write lock
 * for seconds): ingest waited behind them in the one writer's queue before, and must not fail now.
 */
const BUSY_TIMEOUT_MS = 120_000;

const input = workerData as WriterThreadInput;
const port = parentPort!;
const post = (message: FromWriterThread) => port.postMessage(message);

const db = openDatabase(input.dbPath, { busyTimeoutMs: BUSY_TIMEOUT_MS });
const store = createSqliteStore(db);
const writer = createWriter({
  store,
  // No window: the collector's thread already hands over a turn of its event loop at a time, and
  // requests arriving during a commit share the next one.
  batchWindowMs: 0,
  maxBatchEvents: input.config.writer.maxBatchEvents,
  log: (m) => console.error(m),
});
const queued = queuedSignal();
plugEventPath(writer, { config: input.config, core: { rules: compileRules(input.config.scoring) }, enrichment: input.enrichment, queued });

let answers: WriteAnswer[] = [];
let events: DomainEvent[] = [];
let scheduled = false;
function send(): void {
  scheduled = false;
  post({ kind: 'committed', answers, events, queued: queued.take() });
  answers = [];
  events = [];
}
function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(send);
}
writer.afterCommit((emitted) => {
  for (const e of emitted) events.push(e);
  schedule();
});

port.on('message', (message: ToWriterThread) => {
  if (message.kind === 'close') {
    void writer
      .close()
      .then(() => store.close())
      .then(() => {
        if (scheduled) send();
        port.close();
      })
      .catch((err: Error) => post({ kind: 'failed', error: err.stack ?? err.message }));
    return;
  }
  for (const { id, events: batch } of message.writes) {
    writer.write(batch).then(
      (r) => {
        answers.push([id, r.inserted, r.duplicates]);
        schedule();
      },
      (err: Error) => {
        answers.push([id, err.message]);
        schedule();
      },
    );
  }
});
post({ kind: 'ready' });
