import type { WebhookFormat } from '../../alerts/config.js';
import type { AlertEvent } from '../../alerts/events.js';
import type { Stage } from '../../events/domain.js';

/**
 * The alert stores of the port: webhook endpoints, the outbox (messages and their attempt log)
 * and crossing latches. Both stores implement them (store/sqlite/alerts*, store/postgres/alerts*)
 * and one behaviour table runs on both (store/alerts.test.ts). Every method runs inside the
 * caller's transaction.
 */

export type EndpointSource = 'config' | 'api';

export interface Endpoint {
  id: number;
  url: string;
  secret: string;
  format: WebhookFormat;
  events: AlertEvent[];
  enabled: boolean;
  disabledReason: string | null;
  source: EndpointSource;
  failingSince: number | null;
  createdAt: number;
  updatedAt: number;
  /** A user's personal channel (own Slack webhook, or `mailto:`); null for the team's endpoints. */
  userId: number | null;
}

export interface NewEndpoint {
  url: string;
  secret: string;
  format: WebhookFormat;
  events: readonly AlertEvent[];
  source: EndpointSource;
  /** Set for a user's personal channel (routing/channels). */
  userId?: number | null;
}

export type MessageStatus = 'pending' | 'delivered' | 'failed';

export interface Message {
  id: string;
  endpointId: number;
  type: string;
  leadId: number | null;
  body: string;
  status: MessageStatus;
  attempts: number;
  /** Attempts since it was last (re)queued: where it stands in the retry schedule. */
  retryStep: number;
  nextAttemptAt: number | null;
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
}

export type NewMessage = Omit<Message, 'attempts' | 'retryStep' | 'lastError' | 'deliveredAt'>;

export interface Attempt {
  at: number;
  status: number | null;
  latencyMs: number;
  error: string | null;
}

export interface MessagePageOptions {
  status?: MessageStatus | null;
  before?: { at: number; id: string } | null;
  limit: number;
}

export interface EndpointStore {
  /** The team's endpoints (personal channels apart). */
  list(): Promise<Endpoint[]>;
  /** The team's enabled endpoints: where alerts of unowned leads go. */
  listEnabled(): Promise<Endpoint[]>;
  /** One user's personal channels, enabled or not, by id. */
  listOfUser(userId: number): Promise<Endpoint[]>;
  get(id: number): Promise<Endpoint | null>;
  getConfigByUrl(url: string): Promise<Endpoint | null>;
  insert(endpoint: NewEndpoint, now: number): Promise<number>;
  update(id: number, fields: Pick<Endpoint, 'url' | 'secret' | 'format' | 'events'>, now: number): Promise<void>;
  /** Enabling clears the failure streak; a disabled endpoint keeps its reason. */
  setEnabled(id: number, on: boolean, reason: string | null, now: number): Promise<void>;
  setFailingSince(id: number, since: number | null): Promise<void>;
  remove(id: number): Promise<boolean>;
}

export interface MessageStore {
  insert(message: NewMessage): Promise<void>;
  get(id: string): Promise<Message | null>;
  /**
   * Takes up to `limit` due messages of enabled endpoints for delivery by this collector: their
   * `next_attempt_at` moves to `now + leaseMs`, so no other collector takes them while the lease
   * runs, and a collector that dies holding them loses them when it lapses. PostgreSQL skips rows
   * another collector is claiming (`FOR UPDATE SKIP LOCKED`); SQLite has one writer.
   */
  claimDue(now: number, limit: number, leaseMs: number): Promise<string[]>;
  /** Hands a claim back (due at `at`): a collector shutting down mid-delivery lets the next taker send it at once. */
  release(id: string, at: number): Promise<void>;
  /** The earliest `next_attempt_at` after `now` among pending messages of enabled endpoints. */
  nextDueAfter(now: number): Promise<number | null>;
  /** An endpoint's messages, newest first, after the keyset `before`. */
  page(endpointId: number, options: MessagePageOptions): Promise<Message[]>;
  markDelivered(id: string, now: number): Promise<void>;
  markRetry(id: string, nextAt: number, error: string | null): Promise<void>;
  markFailed(id: string, error: string | null): Promise<void>;
  failPending(endpointId: number, reason: string): Promise<number>;
  /** Fails a lead's pending messages without an attempt (the traffic simulator's alerts are recorded, never sent). */
  failPendingOfLead(leadId: number, reason: string): Promise<number>;
  /** Puts a delivered or failed message back in the outbox, due at `now`; false when it was pending. */
  requeue(id: string, now: number): Promise<boolean>;
  deleteForLead(leadId: number): Promise<number>;
  remove(id: string): Promise<void>;
  logAttempt(messageId: string, attempt: Attempt): Promise<void>;
  attempts(messageId: string): Promise<Attempt[]>;
}

/**
 * Crossing latches: "this lead has crossed up into this stage and not fallen back below it".
 * The engine's hysteresis decides when a lead falls back; the latch makes sure one crossing
 * alerts once even if the same upward change is reported twice (a rescore, a replay, or two
 * collectors: the primary key settles it).
 */
export interface LatchStore {
  /** Latches the stage; false when it was already latched (a repeated crossing). */
  cross(leadId: number, stage: Stage, at: number): Promise<boolean>;
  release(leadId: number, stage: Stage): Promise<void>;
  releaseLead(leadId: number): Promise<void>;
}

/** The alert stores of one transaction (a subset of the port's write transaction). */
export interface AlertStores {
  endpoints: EndpointStore;
  messages: MessageStore;
  latches: LatchStore;
}

/** The alert stores as alert work sees them, with the unit's clock. */
export interface AlertsTx extends AlertStores {
  now: number;
}

/** What alerts need of the storage port: its units of work (the port's `transaction` fits). */
export interface AlertsStore {
  transaction<T>(work: (tx: AlertStores) => Promise<T>): Promise<T>;
}

/** Runs alert work in one transaction of the store (the port's `transaction`). */
export type AlertsTransaction = <T>(work: (tx: AlertsTx) => Promise<T>) => Promise<T>;
