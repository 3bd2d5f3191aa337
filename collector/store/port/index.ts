import type { DomainEvent } from '../../events/domain.js';
import type { LiveMessage } from '../../dashboard/live.js';
import type { AliasStore } from '../../segment/alias-store.js';
import type { EndpointStore, LatchStore, MessageStore } from './alerts.js';
import type { Async } from './async.js';
import type { EventsTx, IdentityTx, LeadsTx } from './engine.js';
import type { DashboardSessions, EventLog, Settings } from './parts.js';
import type { ApiReads } from './reads.js';

export type { Async } from './async.js';
export type { DashboardSessions, EventLog, Settings } from './parts.js';

/**
 * The storage port: the one way the writer, the engine projection, the sweep, rescore, the
 * backtest, alerts, sessions and the API reach the database. Two implementations: SQLite
 * (embedded, one writer) and PostgreSQL (a fleet of collectors on one database). Design and
 * concurrency rules: docs/ARCHITECTURE.md, "Storage port".
 */
export interface StoragePort {
  readonly kind: 'sqlite' | 'postgres';
  /** Applies pending migrations (PostgreSQL: under an advisory lock); refuses a newer schema. */
  migrate(): Promise<number[]>;
  schemaVersion(): Promise<number>;
  /**
   * One unit of work: load → decide (pure, no I/O) → save, in one transaction. SQLite: the
   * writer's BEGIN IMMEDIATE. PostgreSQL: READ COMMITTED with the leads locked in id order; the
   * whole function is run again on a serialization failure (40001) or deadlock (40P01), so it
   * must not have effects outside `tx` — domain events are collected and published after commit.
   */
  transaction<T>(work: (tx: WriteTx) => Promise<T>): Promise<T>;
  /** Reads outside a write (API, health): each call sees committed data. */
  readonly reads: ApiReads;
  /** A consistent read-only snapshot for long reads (backtest, move to another store). */
  snapshot<T>(work: (reads: ReadTx) => Promise<T>): Promise<T>;
  readonly fleet: FleetLocks;
  readonly live: LiveBus;
  close(): Promise<void>;
}

/** What a write transaction can touch. */
export interface WriteTx extends ReadTx {
  now: number;
  /** Report a domain event: in-transaction handlers run at once, commit listeners after commit. */
  emit(event: DomainEvent): void;
  log: EventLog;
  settings: Settings;
  sessions: DashboardSessions;
  leads: LeadsTx;
  events: EventsTx;
  identity: IdentityTx;
  endpoints: Async<EndpointStore>;
  messages: Async<MessageStore> & {
    /**
     * Due messages taken for delivery by this collector: PostgreSQL `FOR UPDATE SKIP LOCKED`,
     * so two collectors never send one message at once and a dead one's claim lapses.
     */
    claimDue(now: number, limit: number, leaseMs: number): Promise<string[]>;
  };
  latches: Async<LatchStore>;
  aliases: Async<Omit<AliasStore, 'lookup'>>;
  /** Live messages, delivered to subscribers only if and when this transaction commits. */
  live: { publish(messages: readonly LiveMessage[]): Promise<void> };
}

/** Reads inside a transaction or snapshot. */
export interface ReadTx {
  reads: ApiReads;
}

/** Jobs that must run once per fleet at a time (sweep, retention, rescore after a rule change). */
export type FleetJob = 'sweep' | 'retention' | 'rescore';

export interface FleetLocks {
  /**
   * Runs `work` if no other collector is running the same job, else returns null at once.
   * PostgreSQL: a session advisory lock (`pg_try_advisory_lock`) held on a reserved connection for
   * the run, released when the work ends or the holder's connection dies. SQLite: always runs.
   */
  runOnce<T>(job: FleetJob, work: () => Promise<T>): Promise<T | null>;
}

/**
 * Committed changes to every collector's live streams (PostgreSQL LISTEN/NOTIFY; SQLite: the
 * writer's commit listener in-process). Ids only (`LiveMessage`), so payloads stay small.
 */
export interface LiveBus {
  /** Hears every committed change, this collector's included; resolves once listening. */
  subscribe(listener: (messages: LiveMessage[]) => void): Promise<() => Promise<void>>;
}
