import type { Writer } from '../../writer/index.js';
import { signedHeaders } from '../signature/index.js';
import type { AlertStore, Endpoint } from '../store/index.js';
import type { Transport } from './transport.js';
import { judge, recordAttempt, type RecordOptions } from './verdict.js';

/**
 * The webhook sender: delivers outbox messages at least once. It is woken right after a commit
 * that may have added messages (a writer afterCommit listener), and otherwise sleeps on one
 * timer set to the earliest `next_attempt_at` — no polling. State lives in the outbox, so a
 * restart resumes pending messages and never resends delivered ones; a message in flight when
 * the process dies is sent again (the receiver deduplicates on webhook-id).
 */

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface SenderOptions extends Partial<RecordOptions> {
  store: AlertStore;
  writer: Writer;
  transport: Transport;
  clock: () => number;
  log: (msg: string) => void;
  timers?: Timers;
  requestTimeoutMs?: number;
  maxConcurrent?: number;
  /** On stop, in-flight requests get this long to finish before they are aborted. */
  shutdownGraceMs?: number;
}

export interface OneShotResult {
  delivered: boolean;
  status: number | null;
  latencyMs: number;
  error: string | null;
}

export interface Sender {
  /** Looks at the outbox now (after a commit that may have added messages). */
  wake(): void;
  /** Sends one message body to an endpoint once, outside the outbox's retries (test-send). */
  sendOnce(endpoint: Endpoint, messageId: string, body: string): Promise<OneShotResult>;
  /** Resolves once nothing is in flight or about to start (tests). */
  settled(): Promise<void>;
  stop(): Promise<void>;
  readonly stats: { attempts: number; delivered: number; retried: number; failed: number };
}

/** setTimeout overflows past 2^31-1 ms; a long sleep is also re-checked now and then in case the wall clock jumped. */
const MAX_SLEEP_MS = 60 * 60 * 1000;
const ERROR_COOLDOWN_MS = 30_000;

export function createSender(options: SenderOptions): Sender {
  const { store, writer, transport, clock, log } = options;
  const timers = options.timers ?? realTimers;
  const requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
  const maxConcurrent = options.maxConcurrent ?? 8;
  const shutdownGraceMs = options.shutdownGraceMs ?? 2_000;
  const recordOptions: RecordOptions = {
    random: options.random ?? Math.random,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 12 * 3600_000,
    disableAfterMs: options.disableAfterMs ?? 5 * 24 * 3600_000,
  };
  const stats = { attempts: 0, delivered: 0, retried: 0, failed: 0 };
  const inFlight = new Map<string, Promise<void>>();
  const shutdown = new AbortController();
  /** Messages whose attempt threw (not a delivery failure: a bug or a broken database) rest a while. */
  const cooldown = new Set<string>();
  let timer: unknown = null;
  let wakeQueued = false;
  let stopped = false;

  function post(endpoint: Endpoint, messageId: string, body: string) {
    const headers = signedHeaders(endpoint.secret, messageId, Math.floor(clock() / 1000), body);
    return transport({ url: endpoint.url, headers, body, timeoutMs: requestTimeoutMs, signal: shutdown.signal });
  }

  async function attempt(messageId: string): Promise<void> {
    const message = store.messages.get(messageId);
    const endpoint = message && store.endpoints.get(message.endpointId);
    if (!message || message.status !== 'pending' || !endpoint?.enabled) return;
    const attemptAt = clock();
    const result = await post(endpoint, message.id, message.body);
    if (result.kind === 'aborted') return; // shutting down: stays pending, resumes on restart
    const verdict = judge(result, clock());
    stats.attempts++;
    if (verdict.outcome === 'delivered') stats.delivered++;
    else if (verdict.outcome === 'retry') stats.retried++;
    else stats.failed++;
    await writer.transact((ctx) => recordAttempt(store, message.id, attemptAt, verdict, ctx.now, recordOptions));
  }

  function start(messageId: string): void {
    const run = attempt(messageId)
      .catch((err: unknown) => {
        log(`kindling: webhook delivery of ${messageId} failed: ${(err as Error).stack ?? err}`);
        cooldown.add(messageId);
        timers.setTimeout(() => {
          cooldown.delete(messageId);
          pump();
        }, ERROR_COOLDOWN_MS);
      })
      .finally(() => {
        inFlight.delete(messageId);
        pump();
      });
    inFlight.set(messageId, run);
  }

  function pump(): void {
    if (stopped) return;
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
    const now = clock();
    const free = maxConcurrent - inFlight.size;
    if (free > 0) {
      const due = store.messages
        .dueIds(now, maxConcurrent + inFlight.size + cooldown.size)
        .filter((id) => !inFlight.has(id) && !cooldown.has(id));
      for (const id of due.slice(0, free)) start(id);
    }
    // Due messages beyond the concurrency limit start when a slot frees; the timer is for the future.
    const next = store.messages.nextDueAfter(now);
    if (next !== null) timer = timers.setTimeout(pump, Math.min(Math.max(0, next - now), MAX_SLEEP_MS));
  }

  return {
    stats,
    wake() {
      if (stopped || wakeQueued) return;
      wakeQueued = true;
      queueMicrotask(() => {
        wakeQueued = false;
        pump();
      });
    },
    async sendOnce(endpoint, messageId, body) {
      const result = await post(endpoint, messageId, body);
      if (result.kind === 'aborted')
        return { delivered: false, status: null, latencyMs: result.latencyMs, error: 'aborted: shutting down' };
      const verdict = judge(result, clock());
      return { delivered: verdict.outcome === 'delivered', status: verdict.status, latencyMs: verdict.latencyMs, error: verdict.error };
    },
    async settled() {
      for (;;) {
        await new Promise((resolve) => setImmediate(resolve));
        if (!inFlight.size && !wakeQueued) return;
        await Promise.allSettled([...inFlight.values()]);
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      if (inFlight.size) {
        let grace: NodeJS.Timeout | undefined;
        await Promise.race([
          Promise.allSettled([...inFlight.values()]),
          new Promise((resolve) => (grace = setTimeout(resolve, shutdownGraceMs))),
        ]);
        clearTimeout(grace);
        shutdown.abort();
        await Promise.allSettled([...inFlight.values()]);
      }
    },
  };
}
