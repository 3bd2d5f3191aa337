import type { DomainEvent } from '../../events/domain.js';
import type { LiveMessage } from '../../dashboard/live.js';
import type { EndpointStore, LatchStore, MessageStore } from './alerts.js';
import type { Async } from './async.js';
import type { AliasesTx, EventsTx, IdentityTx, LeadsTx } from './engine.js';
import type { DashboardSessions, EventLog, Settings } from './parts.js';
import type { ApiReads } from './reads.js';
import type { AccountsTx } from './accounts.js';
import type { OutcomesStore } from './outcomes.js';
import type { EnrichmentTx } from './enrichment.js';
import type { RoutingStore } from './routing.js';
import type { SpendStore } from './spend.js';
import type { TeamReads, TeamStores } from './team.js';

export type { Async } from './async.js';
export type { DashboardSessions, EventLog, Settings } from './parts.js';

/**
 * The storage port: the one way the writer, the engine projection, the sweep, rescore, the
 * backtest, alerts, sessions and the API reach the database. Two implementations: SQLite
 * (embedded, one writer) and PostgreSQL (a fleet of collectors on one database). Design and
 * concurrency rules: docs/ARCHITECTURE.md, "Storage port".
 */
export interface StoragePort extends WriteStore {
  /** Reads outside a write (API, health, alert lists): each call sees committed data. */
  readonly reads: ApiReads;
  /** Committed changes to every collector's live streams. */
  readonly live: LiveBus;
  /** Each request's session check, outside any unit of work (sign-in and sign-out are units). */
  readonly sessionReads: Pick<DashboardSessions, 'liveUntil'>;
  /** Users, keys and audit outside a unit of work: each request's session or key check, the admin lists. */
  readonly team: TeamReads;
  /**
   * SQLite: the file the rescore worker opens a read-only snapshot of, off the collector's thread.
   * Null (PostgreSQL, or SQLite in memory): rescore replays in this process, chunk by chunk through the port.
   */
  readonly rescoreSnapshotPath: string | null;
  /** Where the data lives, for the banner: a path, or a URL without its password. */
  readonly location: string;
}

/**
 * The write side of the port (what the writer and the engine need); `StoragePort` adds the reads.
 */
export interface WriteStore {
  readonly kind: 'sqlite' | 'postgres';
  /**
   * One unit of work: load → decide (pure, no I/O) → save, in one transaction. SQLite: BEGIN
   * IMMEDIATE, units one at a time. PostgreSQL: READ COMMITTED with the leads locked in id order;
   * the whole function is run again on a serialization failure (40001) or deadlock (40P01), so it
   * must not have effects outside `tx` — the writer collects domain events per attempt and
   * publishes them after commit.
   *
   * The rule for `work`: await only the store (`tx.*`), never other I/O (timers, network, files).
   * On SQLite every `tx` call is a synchronous statement whose answer is a resolved promise, so a
   * unit then runs from BEGIN to COMMIT within one macrotask and no HTTP handler can run between
   * and read uncommitted rows on the shared connection; a unit that awaits anything else is
   * rolled back with `UnitSpannedIoError`.
   */
  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;
  readonly fleet: FleetLocks;
  close(): Promise<void>;
}

/** The rows a write transaction can touch (the team's: `users`, `links`, `apiKeys`, `audit`). */
export interface StoreTx extends TeamStores {
  log: EventLog;
  settings: Settings;
  sessions: DashboardSessions;
  leads: LeadsTx;
  events: EventsTx;
  identity: IdentityTx;
  endpoints: Async<EndpointStore>;
  messages: Async<MessageStore>;
  latches: Async<LatchStore>;
  aliases: AliasesTx;
  accounts: AccountsTx;
  enrichment: EnrichmentTx;
  routing: RoutingStore;
  outcomes: OutcomesStore;
  spend: SpendStore;
}

/** What a write job, projection or domain handler sees: the store's rows, the unit's clock and its domain events. */
export interface WriteTx extends StoreTx {
  /** Wall-clock time of this transaction, ms. */
  now: number;
  /**
   * Report a domain event: in-transaction handlers run before commit (in emit order), commit
   * listeners after it. The promise resolves once this event's handlers ran; the writer waits for
   * every handler before COMMIT anyway, so callers need not await it.
   */
  emit(event: DomainEvent): Promise<void>;
}

/** Jobs that must run once per fleet at a time (sweep, retention, rescore after a rule change). */
export type FleetJob = 'sweep' | 'retention' | 'rescore' | 'follow-up' | 'digest';

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
  /**
   * Tells every collector's subscribers about committed changes. Called after COMMIT, so only
   * committed state is ever announced; a collector dying between its commit and this call loses
   * the announcement, not the data (a dashboard refetches when its stream reconnects).
   */
  publish(messages: readonly LiveMessage[]): Promise<void>;
  /** Hears every committed change, this collector's included; resolves once listening. */
  subscribe(listener: (messages: LiveMessage[]) => void): Promise<() => Promise<void>>;
}
