import { existsSync } from 'node:fs';
import type { DB } from '../db/index.js';
import { toInputs, type LeadInputs } from './inputs.js';
import type { ReplayInWorkers } from './replay.js';
import type { ScoringConfig } from '../engine/config.js';
import { openSqliteSnapshot, sqliteBacktestReader } from '../store/sqlite/backtest-source.js';
import { replayInWorkers } from '../store/sqlite/backtest-workers.js';
import { openPostgresSnapshot } from '../store/postgres/backtest-source.js';
import type { Sql } from '../store/postgres/connect.js';

export type { LeadInputs } from './inputs.js';

/**
 * A consistent, read-only view of the event log for a backtest. With a database file it is a
 * connection of its own, opened read-only (`query_only` too) and held in one read transaction,
 * so the whole run sees one snapshot while the collector goes on writing; nothing it does can
 * write. An in-memory database (tests) cannot be opened twice: then the live connection is read,
 * and the caller must not yield between chunks (see `consistentAcrossYields`).
 */
export interface BacktestSource {
  leadCount(): Promise<number>;
  /** Leads with id > afterId, in id order, at most `limit`. */
  leads(afterId: number, limit: number): Promise<LeadInputs[]>;
  /** True when the view stays one snapshot while other code runs in between chunks. */
  readonly consistentAcrossYields: boolean;
  /**
   * Present when other threads can open the snapshot's file (SQLite): the replays under these two
   * rule sets in `parts` worker threads, each on a snapshot of its own taken as it starts.
   */
  inWorkers?(rules: { current: ScoringConfig; proposed: ScoringConfig }, parts: number): ReplayInWorkers;
  close(): Promise<void>;
}

function reader(db: DB) {
  const read = sqliteBacktestReader(db);
  return {
    leadCount: async () => read.leadCount(),
    leads: async (afterId: number, limit: number) => toInputs(read.chunk(afterId, limit)),
  };
}

export class MissingDatabaseError extends Error {}

/** Opens the snapshot: a read-only connection to `path`, or the live connection for ':memory:'. */
export function openSource(path: string, live?: DB): BacktestSource {
  if (path === ':memory:') {
    if (!live) throw new Error('an in-memory database can only be backtested through its live connection');
    return { ...reader(live), consistentAcrossYields: false, async close() {} };
  }
  if (!existsSync(path))
    throw new MissingDatabaseError(`no database at ${path}: name the SQLite file the collector writes (KINDLING_DB, server.db or --db)`);
  const snapshot = openSqliteSnapshot(path);
  // The first read takes the snapshot now, not at the backtest's first chunk.
  sqliteBacktestReader(snapshot.db).leadCount();
  return {
    ...reader(snapshot.db),
    consistentAcrossYields: true,
    inWorkers: (rules, parts) => replayInWorkers(path, rules, parts),
    close: async () => snapshot.close(),
  };
}

/** Opens the snapshot on PostgreSQL: one read-only repeatable-read transaction on a connection of its own. */
export async function openPostgresSource(sql: Sql): Promise<BacktestSource> {
  const snapshot = await openPostgresSnapshot(sql);
  await snapshot.leadCount();
  return {
    leadCount: snapshot.leadCount,
    leads: async (afterId, limit) => toInputs(await snapshot.chunk(afterId, limit)),
    consistentAcrossYields: true,
    close: snapshot.close,
  };
}
