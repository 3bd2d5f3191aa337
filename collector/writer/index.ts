import type { DB } from '../db/index.js';
import type { NewEvent, StoredEvent } from '../events/types.js';
import type { DomainEvent } from '../events/domain.js';
import type { StoreTx, WriteStore, WriteTx } from '../store/port/index.js';

/**
 * What a projection, job or domain handler sees inside the writer's transaction: the port's rows,
 * the unit's clock and `emit`. `db` is the SQLite connection for code not yet on the port; it
 * throws on a store without one.
 */
export interface TxContext extends WriteTx {
  readonly db: DB;
}

/** Runs inside the batch's transaction on the events it newly stored (duplicates excluded). */
export interface Projection {
  name: string;
  apply(ctx: TxContext, events: readonly StoredEvent[]): Promise<void>;
}
/** Runs in the emitting transaction, after the handlers of earlier events of the unit. */
export type DomainHandler = (ctx: TxContext, event: DomainEvent) => void | Promise<void>;
export type CommitListener = (events: readonly DomainEvent[]) => void;

export interface WriteCount {
  inserted: number;
  duplicates: number;
}

export interface WriteResult extends WriteCount {
  events: StoredEvent[];
}

/** Where ingest hands its events: the writer, or the writer thread (`writer/thread`). Resolves after the commit. */
export interface EventSink {
  write(events: NewEvent[]): Promise<WriteCount>;
}

export interface WriterOptions {
  /** The storage port; `db` is the SQLite connection behind it, for jobs that still use `ctx.db`. */
  store: WriteStore & { readonly db?: DB };
  /** How long to gather events before a commit. 0 = next turn of the event loop. */
  batchWindowMs?: number;
  /** Commit early once this many events wait. */
  maxBatchEvents?: number;
  clock?: () => number;
  log?: (msg: string) => void;
}

export interface Writer {
  use(projection: Projection): void;
  on(handler: DomainHandler): void;
  afterCommit(listener: CommitListener): void;
  /** Stores events (deduplicated on site + event id); resolves after the commit. */
  write(events: NewEvent[]): Promise<WriteResult>;
  /** Runs a write job in its own transaction, in queue order with event batches. */
  transact<T>(job: (ctx: TxContext) => T | Promise<T>): Promise<T>;
  /** Commits whatever is waiting. */
  flush(): Promise<void>;
  /** Flushes, then refuses new work. */
  close(): Promise<void>;
  readonly stats: { batches: number; events: number; duplicates: number; failures: number };
}

type Pending =
  | { kind: 'events'; events: NewEvent[]; resolve: (r: WriteResult) => void; reject: (e: unknown) => void }
  | { kind: 'job'; job: (ctx: TxContext) => unknown | Promise<unknown>; resolve: (r: unknown) => void; reject: (e: unknown) => void };

export class WriterClosedError extends Error {
  constructor() {
    super('writer is closed');
  }
}

/**
 * The one writer. Event writes that arrive within `batchWindowMs` commit together in one
 * transaction with every projection they cause; each caller's promise resolves only after that
 * commit, so an HTTP answer never acknowledges an uncommitted event.
 */
export function createWriter(options: WriterOptions): Writer {
  const { store } = options;
  const batchWindowMs = options.batchWindowMs ?? 2;
  const maxBatchEvents = options.maxBatchEvents ?? 2000;
  const clock = options.clock ?? Date.now;
  const log = options.log ?? ((m: string) => console.error(m));
  const projections: Projection[] = [];
  const handlers: DomainHandler[] = [];
  const listeners: CommitListener[] = [];
  const stats = { batches: 0, events: 0, duplicates: 0, failures: 0 };

  let queue: Pending[] = [];
  let queuedEvents = 0;
  /** Cancels the scheduled drain; null when none is scheduled. */
  let timer: (() => void) | null = null;
  let closed = false;
  let idleWaiters: (() => void)[] = [];
  /** One drain at a time: jobs commit in queue order even when a store's commit takes real time. */
  let draining: Promise<void> = Promise.resolve();

  /**
   * One attempt of a unit: a store may run it again (PostgreSQL retries), so the domain events
   * are collected per attempt and only the committed attempt's are handed to commit listeners.
   */
  function runInTransaction<T>(body: (ctx: TxContext) => T | Promise<T>): Promise<{ value: T; emitted: DomainEvent[] }> {
    return store.transaction(async (tx: StoreTx) => {
      const emitted: DomainEvent[] = [];
      let handled: Promise<void> = Promise.resolve();
      const ctx: TxContext = {
        ...tx,
        get db(): DB {
          if (!store.db) throw new Error('ctx.db: this store has no SQLite connection; use the port (ctx.leads, ctx.events, …)');
          return store.db;
        },
        now: clock(),
        emit(event) {
          emitted.push(event);
          if (handlers.length) handled = handled.then(() => runHandlers(ctx, event));
          // A failing handler fails the unit (awaited before COMMIT); the caller need not await this.
          handled.catch(() => {});
          return handled;
        },
      };
      // Handlers may emit in turn: wait until no handler is left running.
      const settle = async () => {
        for (let seen: Promise<void> | null = null; seen !== handled;) await (seen = handled);
      };
      let value: T;
      try {
        value = await body(ctx);
      } catch (err) {
        // Handlers still queued must write inside this transaction (and be rolled back with it), never after.
        await settle().catch(() => {});
        throw err;
      }
      await settle();
      return { value, emitted };
    });
  }

  async function runHandlers(ctx: TxContext, event: DomainEvent): Promise<void> {
    for (const handler of handlers) await handler(ctx, event);
  }

  async function storeAndProject(ctx: TxContext, batches: NewEvent[][]): Promise<WriteResult[]> {
    const results: WriteResult[] = [];
    const fresh: StoredEvent[] = [];
    for (const events of batches) {
      const stored = await ctx.log.append(events);
      fresh.push(...stored);
      results.push({ inserted: stored.length, duplicates: events.length - stored.length, events: stored });
    }
    if (fresh.length) for (const p of projections) await p.apply(ctx, fresh);
    return results;
  }

  function notify(emitted: DomainEvent[]): void {
    if (!emitted.length) return;
    for (const listener of listeners) {
      try {
        listener(emitted);
      } catch (err) {
        log(`kindling: commit listener failed: ${(err as Error).stack ?? err}`);
      }
    }
  }

  async function commitEvents(group: Extract<Pending, { kind: 'events' }>[]): Promise<void> {
    try {
      const { value, emitted } = await runInTransaction((ctx) =>
        storeAndProject(
          ctx,
          group.map((p) => p.events),
        ),
      );
      stats.batches++;
      value.forEach((r, i) => {
        stats.events += r.inserted;
        stats.duplicates += r.duplicates;
        group[i]!.resolve(r);
      });
      notify(emitted);
    } catch (err) {
      if (group.length === 1) {
        stats.failures++;
        group[0]!.reject(err);
        return;
      }
      // One bad request must not fail its neighbours: retry each on its own.
      for (const p of group) await commitEvents([p]);
    }
  }

  async function drainQueue(): Promise<void> {
    const items = queue;
    queue = [];
    queuedEvents = 0;
    let group: Extract<Pending, { kind: 'events' }>[] = [];
    for (const item of items) {
      if (item.kind === 'events') {
        group.push(item);
        continue;
      }
      if (group.length) await commitEvents(group);
      group = [];
      try {
        const { value, emitted } = await runInTransaction(item.job);
        item.resolve(value);
        notify(emitted);
      } catch (err) {
        stats.failures++;
        item.reject(err);
      }
    }
    if (group.length) await commitEvents(group);
    if (queue.length) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  }

  function drain(): void {
    timer = null;
    draining = draining.then(drainQueue).catch((err: unknown) => log(`kindling: writer drain failed: ${(err as Error).stack ?? err}`));
  }

  /** A drain after `ms`; 0 is the next turn of the event loop (setTimeout's shortest wait is a millisecond). */
  function drainAfter(ms: number): () => void {
    if (ms > 0) {
      const t = setTimeout(drain, ms);
      return () => clearTimeout(t);
    }
    const i = setImmediate(drain);
    return () => clearImmediate(i);
  }

  function schedule(urgent: boolean): void {
    if (urgent) {
      timer?.();
      timer = drainAfter(0);
    } else if (!timer) {
      timer = drainAfter(batchWindowMs);
    }
  }

  return {
    stats,
    use: (p) => void projections.push(p),
    on: (h) => void handlers.push(h),
    afterCommit: (l) => void listeners.push(l),
    write(events) {
      if (closed) return Promise.reject(new WriterClosedError());
      if (!events.length) return Promise.resolve({ inserted: 0, duplicates: 0, events: [] });
      return new Promise<WriteResult>((resolve, reject) => {
        queue.push({ kind: 'events', events, resolve, reject });
        queuedEvents += events.length;
        schedule(queuedEvents >= maxBatchEvents);
      });
    },
    transact<T>(job: (ctx: TxContext) => T | Promise<T>) {
      if (closed) return Promise.reject(new WriterClosedError());
      return new Promise<T>((resolve, reject) => {
        queue.push({ kind: 'job', job, resolve: resolve as (r: unknown) => void, reject });
        schedule(false);
      });
    },
    flush() {
      if (!queue.length) return draining;
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        schedule(true);
      });
    },
    async close() {
      await this.flush();
      closed = true;
    },
  };
}
