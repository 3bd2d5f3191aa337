import type { Config } from '../config/index.js';
import type { DB } from '../db/index.js';
import { conflict, notFound } from '../errors.js';
import type { CommitListener, DomainHandler, Writer } from '../writer/index.js';
import { TEST_EVENT } from './events.js';
import { newMessageId } from './ids.js';
import { createOutboxHandler, mayEnqueue } from './outbox/index.js';
import { buildTestPayload } from './payload/index.js';
import { renderBody } from './payload/render.js';
import { createSender, type OneShotResult, type Sender, type Timers } from './sender/index.js';
import { createHttpTransport, type HttpTransportOptions, type Transport } from './sender/transport.js';
import { createAlertStore, type AlertStore } from './store/index.js';
import { syncConfigEndpoints } from './sync.js';
import type { PrivateTargetPolicy } from './targets/index.js';

/**
 * Webhook alerts: the outbox handler (in-transaction), the commit listener that wakes the sender,
 * and the sender itself. `createKindling` makes one and registers its two writer subscribers
 * (the composition root is where every subscriber is plugged in); the admin routes use it.
 */

/** Test seams: fake timers and randomness for long retry delays, fake DNS for the SSRF guard. */
export interface AlertsOverrides {
  timers?: Timers;
  random?: () => number;
  resolveAll?: HttpTransportOptions['resolveAll'];
  transport?: Transport;
  shutdownGraceMs?: number;
}

export interface AlertsDeps {
  config: Config;
  db: DB;
  writer: Writer;
  clock: () => number;
  log: (msg: string) => void;
  overrides?: AlertsOverrides;
}

export interface Alerts {
  /** For `writer.on`: stage crossings → outbox rows, in the stage change's transaction. */
  outboxHandler: DomainHandler;
  /** For `writer.afterCommit`: wakes the sender when a commit may have queued a message. */
  wakeOnCommit: CommitListener;
  store: AlertStore;
  sender: Sender;
  targetPolicy: PrivateTargetPolicy;
  /** Sends a `webhook.test` message once, logs it like any message, reports the answer. */
  testSend(endpointId: number): Promise<OneShotResult & { messageId: string }>;
  /** Puts a delivered or failed message back in the outbox, same id, due now. */
  redeliver(messageId: string): Promise<void>;
  stop(): Promise<void>;
}

export function createAlerts({ config, db, writer, clock, log, overrides = {} }: AlertsDeps): Alerts {
  const settings = config.webhooks;
  const targetPolicy = settings.allowPrivateTargets;
  const store = createAlertStore(db);

  const { generated } = syncConfigEndpoints(db, store, settings.endpoints, clock());
  for (const { id, url, secret } of generated) {
    // Printed this once so the receiver can be configured; it is never shown again.
    log(`kindling: webhook endpoint #${id} ${url}: generated signing secret ${secret} (shown once)`);
  }

  const outboxHandler = createOutboxHandler({
    publicUrl: config.publicUrl,
    maxReasons: settings.maxReasons,
    alertOnRescore: settings.alertOnRescore,
  });
  const sender = createSender({
    store,
    writer,
    clock,
    log,
    transport: overrides.transport ?? createHttpTransport({ policy: targetPolicy, resolveAll: overrides.resolveAll }),
    timers: overrides.timers,
    random: overrides.random,
    shutdownGraceMs: overrides.shutdownGraceMs,
    requestTimeoutMs: settings.requestTimeoutMs,
    maxConcurrent: settings.maxConcurrent,
    maxRetryAfterMs: settings.maxRetryAfterSeconds * 1000,
    disableAfterMs: settings.disableAfterFailingDays * 24 * 3600_000,
  });
  // Whatever a previous run left pending resumes now.
  sender.wake();

  return {
    outboxHandler,
    wakeOnCommit: (events) => {
      if (events.some(mayEnqueue)) sender.wake();
    },
    store,
    sender,
    targetPolicy,
    async testSend(endpointId) {
      const endpoint = store.endpoints.get(endpointId);
      if (!endpoint) throw notFound(`no webhook endpoint ${endpointId}`);
      const now = clock();
      const messageId = newMessageId(now);
      const body = renderBody(endpoint.format, buildTestPayload(messageId, now, config.publicUrl));
      const result = await sender.sendOnce(endpoint, messageId, body);
      await writer.transact((ctx) => {
        store.messages.insert({
          id: messageId,
          endpointId,
          type: TEST_EVENT,
          leadId: null,
          body,
          status: 'pending',
          nextAttemptAt: null,
          createdAt: now,
        });
        store.messages.logAttempt(messageId, { at: now, status: result.status, latencyMs: result.latencyMs, error: result.error });
        if (result.delivered) store.messages.markDelivered(messageId, ctx.now);
        else store.messages.markFailed(messageId, result.error);
      });
      return { ...result, messageId };
    },
    async redeliver(messageId) {
      await writer.transact((ctx) => {
        const message = store.messages.get(messageId);
        if (!message) throw notFound(`no webhook message ${messageId}`);
        if (message.status === 'pending') throw conflict(`message ${messageId} is still pending`);
        const endpoint = store.endpoints.get(message.endpointId);
        if (!endpoint?.enabled) throw conflict(`endpoint ${message.endpointId} is disabled: enable it first`);
        store.messages.requeue(messageId, ctx.now);
      });
      sender.wake();
    },
    stop: () => sender.stop(),
  };
}
