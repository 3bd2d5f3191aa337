import type { Config } from '../config/index.js';
import { conflict, notFound } from '../errors.js';
import type { AlertsStore, AlertsTransaction } from '../store/port/alerts.js';
import type { ApiReads } from '../store/port/reads.js';
import type { CommitListener } from '../writer/index.js';
import { TEST_EVENT } from './events.js';
import { newMessageId } from './ids.js';
import { queuedSignal, type QueuedSignal } from './queued.js';
import { buildTestPayload } from './payload/index.js';
import { renderBody } from './payload/render.js';
import { createSender, type OneShotResult, type Sender, type Timers } from './sender/index.js';
import { createHttpTransport, type HttpTransportOptions, type Transport } from './sender/transport.js';
import { byScheme, createMailTransport, type SendMail } from './sender/mail-transport.js';
import { syncConfigEndpoints } from './sync.js';
import type { PrivateTargetPolicy } from './targets/index.js';

/**
 * Webhook alerts: the outbox handler (in-transaction), the commit listener that wakes the sender,
 * and the sender itself. All of it reaches the database through the storage port: the outbox
 * handler through the writer's unit of work, the rest through a transaction for writes and the API
 * reads for lists. `createKindling` makes one and registers its two writer subscribers
 * (the composition root is where every subscriber is plugged in); the admin routes use it.
 */

/** Test seams: fake timers and randomness for long retry delays, fake DNS for the SSRF guard. */
export interface AlertsOverrides {
  timers?: Timers;
  random?: () => number;
  resolveAll?: HttpTransportOptions['resolveAll'];
  transport?: Transport;
  shutdownGraceMs?: number;
  /** How long a claimed message stays this collector's (default: the request timeout plus a margin). */
  leaseMs?: number;
}

/** The API's reads of the alert tables. */
export type AlertReads = Pick<ApiReads, 'endpoints' | 'messages' | 'attempts'>;

export interface AlertsDeps {
  config: Config;
  /** The storage port: alert work runs in its units of work. */
  store: AlertsStore;
  reads: AlertReads;
  clock: () => number;
  log: (msg: string) => void;
  /** Sends the email of personal email channels (`mailto:` endpoints); null when SMTP is not configured. */
  sendMail?: SendMail | null;
  overrides?: AlertsOverrides;
}

export interface Alerts {
  /** For `writer.afterCommit`: wakes the sender when a commit queued a message. */
  wakeOnCommit: CommitListener;
  /** The in-transaction handlers that queue messages (the outbox, account surges: `plugEventPath`) mark them here. */
  queued: QueuedSignal;
  transaction: AlertsTransaction;
  reads: AlertReads;
  /** Settles once the configured endpoints are in the database and the sender has looked at the outbox. */
  ready: Promise<void>;
  sender: Sender;
  targetPolicy: PrivateTargetPolicy;
  /** Sends a `webhook.test` message once, logs it like any message, reports the answer. */
  testSend(endpointId: number): Promise<OneShotResult & { messageId: string }>;
  /** Puts a delivered or failed message back in the outbox, same id, due now. */
  redeliver(messageId: string): Promise<void>;
  stop(): Promise<void>;
}

/** Alert work in the store's units of work, each with the clock's time when it starts. */
export const alertsTransaction =
  (store: AlertsStore, clock: () => number): AlertsTransaction =>
  (work) =>
    store.transaction(({ endpoints, messages, latches }) => work({ now: clock(), endpoints, messages, latches }));

export function createAlerts({ config, store, reads, clock, log, sendMail = null, overrides = {} }: AlertsDeps): Alerts {
  const settings = config.webhooks;
  const targetPolicy = settings.allowPrivateTargets;
  const transaction = alertsTransaction(store, clock);

  const queued = queuedSignal();
  const sender = createSender({
    transaction,
    clock,
    log,
    transport:
      overrides.transport ??
      byScheme(createHttpTransport({ policy: targetPolicy, resolveAll: overrides.resolveAll }), createMailTransport(sendMail)),
    timers: overrides.timers,
    random: overrides.random,
    shutdownGraceMs: overrides.shutdownGraceMs,
    requestTimeoutMs: settings.requestTimeoutMs,
    leaseMs: overrides.leaseMs,
    maxConcurrent: settings.maxConcurrent,
    maxRetryAfterMs: settings.maxRetryAfterSeconds * 1000,
    disableAfterMs: settings.disableAfterFailingDays * 24 * 3600_000,
  });

  const ready = syncConfigEndpoints(transaction, settings.endpoints).then(({ generated }) => {
    for (const { id, url, secret } of generated) {
      // Printed this once so the receiver can be configured; it is never shown again.
      log(`kindling: webhook endpoint #${id} ${url}: generated signing secret ${secret} (shown once)`);
    }
    // Whatever a previous run left pending resumes now.
    sender.wake();
  });

  return {
    wakeOnCommit: () => {
      if (queued.take()) sender.wake();
    },
    queued,
    transaction,
    reads,
    ready,
    sender,
    targetPolicy,
    async testSend(endpointId) {
      const endpoint = await transaction((tx) => tx.endpoints.get(endpointId));
      if (!endpoint) throw notFound(`no webhook endpoint ${endpointId}`);
      const now = clock();
      const messageId = newMessageId(now);
      const body = renderBody(endpoint.format, buildTestPayload(messageId, now, config.publicUrl));
      const result = await sender.sendOnce(endpoint, messageId, body);
      await transaction(async (tx) => {
        await tx.messages.insert({
          id: messageId,
          endpointId,
          type: TEST_EVENT,
          leadId: null,
          body,
          status: 'pending',
          nextAttemptAt: null,
          createdAt: now,
        });
        await tx.messages.logAttempt(messageId, { at: now, status: result.status, latencyMs: result.latencyMs, error: result.error });
        if (result.delivered) await tx.messages.markDelivered(messageId, tx.now);
        else await tx.messages.markFailed(messageId, result.error);
      });
      return { ...result, messageId };
    },
    async redeliver(messageId) {
      await transaction(async (tx) => {
        const message = await tx.messages.get(messageId);
        if (!message) throw notFound(`no webhook message ${messageId}`);
        if (message.status === 'pending') throw conflict(`message ${messageId} is still pending`);
        const endpoint = await tx.endpoints.get(message.endpointId);
        if (!endpoint?.enabled) throw conflict(`endpoint ${message.endpointId} is disabled: enable it first`);
        await tx.messages.requeue(messageId, tx.now);
      });
      sender.wake();
    },
    async stop() {
      const stopping = sender.stop();
      await ready.catch(() => undefined);
      await stopping;
    },
  };
}
