import type { AlertsTransaction, Endpoint } from '../../store/port/alerts.js';
import { signedHeaders } from '../signature/index.js';
import type { Transport } from './transport.js';
import { judge, recordAttempt, type RecordOptions } from './verdict.js';

/**
 * The webhook sender: delivers outbox messages at least once. It is woken right after a commit
 * that may have added messages (a writer afterCommit listener), and otherwise sleeps on one
 * timer set to the earliest `next_attempt_at` — no polling. State lives in the outbox, so a
 * restart resumes pending messages and never resends delivered ones; a message in flight when
 * the process dies is sent again (the receiver deduplicates on webhook-id).
 *
 * Several collectors may share one database: each claims due messages (`claimDue`), which leases
 * them to it for `leaseMs` (past the request timeout), so a message is in flight on one collector
 * at a time, and a collector that dies holding a claim loses it when the lease lapses.
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
  /** One unit of work on the store (the port's `transaction`). */
  transaction: AlertsTransaction;
  transport: Transport;
  clock: () => number;
  log: (msg: string) => void;
  timers?: Timers;
  requestTimeoutMs?: number;
  maxConcurrent?: number;
  /**
   * The longest sleep between looks at the outbox, also with nothing pending (default: sleep until
   * the next due message, none when nothing is pending). One collector is woken by its own commits;
   * in a fleet, messages another collector queued (and did not send before it died) are found by looking.
   */
  maxSleepMs?: number;
  /** How long a claimed message stays this collector's; default: the request timeout plus LEASE_MARGIN_MS. */
  leaseMs?: number;
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
export const MAX_SLEEP_MS = 60 * 60 * 1000;
/** Time to record an attempt after its request ended, before the claim may pass to another collector. */
export const LEASE_MARGIN_MS = 30_000;
/** A failed look at the outbox (the database unreachable) is tried again after this long. */
const ERROR_RETRY_MS = 5_000;

export function createSender(options: SenderOptions): Sender {
  const { transaction, transport, clock, log } = options;
  const timers = options.timers ?? realTimers;
  const requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
  const leaseMs = options.leaseMs ?? requestTimeoutMs + LEASE_MARGIN_MS;
  const maxConcurrent = options.maxConcurrent ?? 8;
  const maxSleepMs = Math.min(options.maxSleepMs ?? MAX_SLEEP_MS, MAX_SLEEP_MS);
  const shutdownGraceMs = options.shutdownGraceMs ?? 2_000;
  const recordOptions: RecordOptions = {
    random: options.random ?? Math.random,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 12 * 3600_000,
    disableAfterMs: options.disableAfterMs ?? 5 * 24 * 3600_000,
  };
  const stats = { attempts: 0, delivered: 0, retried: 0, failed: 0 };
  const inFlight = new Map<string, Promise<void>>();
  const shutdown = new AbortController();
  let timer: unknown = null;
  let wakeQueued = false;
  /** The running look at the outbox; one at a time, and a wake during it asks for another. */
  let pumping: Promise<void> | null = null;
  let pumpAgain = false;
  let stopped = false;

  function post(endpoint: Endpoint, messageId: string, body: string) {
    const headers = signedHeaders(endpoint.secret, messageId, Math.floor(clock() / 1000), body);
    return transport({ url: endpoint.url, headers, body, timeoutMs: requestTimeoutMs, signal: shutdown.signal });
  }

  /** Sends one claimed message and records the outcome. */
  async function attempt(messageId: string): Promise<void> {
    const { message, endpoint } = await transaction(async (tx) => {
      const message = await tx.messages.get(messageId);
      return { message, endpoint: message && (await tx.endpoints.get(message.endpointId)) };
    });
    if (!message || message.status !== 'pending' || !endpoint?.enabled) return;
    const attemptAt = clock();
    const result = await post(endpoint, message.id, message.body);
    if (result.kind === 'aborted') {
      // Shutting down: hand the claim back, so a restart or another collector sends it at once.
      await transaction((tx) => tx.messages.release(message.id, attemptAt));
      return;
    }
    const verdict = judge(result, clock());
    stats.attempts++;
    if (verdict.outcome === 'delivered') stats.delivered++;
    else if (verdict.outcome === 'retry') stats.retried++;
    else stats.failed++;
    await transaction((tx) => recordAttempt(tx, message.id, attemptAt, verdict, tx.now, recordOptions));
  }

  function start(messageId: string): void {
    const run = attempt(messageId)
      // The claim stays until its lease lapses: that is the pause before the message is tried again.
      .catch((err: unknown) => log(`kindling: webhook delivery of ${messageId} failed: ${(err as Error).stack ?? err}`))
      .finally(() => {
        inFlight.delete(messageId);
        pump();
      });
    inFlight.set(messageId, run);
  }

  function sleep(ms: number): void {
    if (timer !== null) timers.clearTimeout(timer);
    timer = timers.setTimeout(pump, Math.min(Math.max(0, ms), maxSleepMs));
  }

  async function look(): Promise<void> {
    const now = clock();
    const free = maxConcurrent - inFlight.size;
    const { due, next } = await transaction(async (tx) => ({
      due: free > 0 ? await tx.messages.claimDue(now, free, leaseMs) : [],
      next: await tx.messages.nextDueAfter(now),
    }));
    if (stopped) {
      // Claimed while stopping: give them back untouched.
      await transaction(async (tx) => {
        for (const id of due) await tx.messages.release(id, now);
      });
      return;
    }
    for (const id of due) if (!inFlight.has(id)) start(id);
    // Due messages beyond the concurrency limit start when a slot frees; the timer is for the future.
    if (next !== null) sleep(next - now);
    else if (options.maxSleepMs !== undefined) sleep(maxSleepMs);
    else if (timer !== null) {
      timers.clearTimeout(timer);
      timer = null;
    }
  }

  function pump(): void {
    if (stopped) return;
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = look()
      .catch((err: unknown) => {
        log(`kindling: webhook outbox check failed: ${(err as Error).stack ?? err}`);
        if (!stopped) sleep(ERROR_RETRY_MS);
      })
      .finally(() => {
        pumping = null;
        if (pumpAgain) {
          pumpAgain = false;
          pump();
        }
      });
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
        if (!inFlight.size && !wakeQueued && !pumping) return;
        await Promise.allSettled([...inFlight.values(), pumping]);
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      await pumping;
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
