import type postgres from 'postgres';
import type { Sql } from './connect.js';

export type Tx = postgres.TransactionSql<{ bigint: number }>;

/**
 * SQLSTATEs after which the whole transaction is run again: PostgreSQL rolled it back to settle a
 * conflict with another collector, and a second run, seeing the other's committed work, succeeds.
 */
export const RETRYABLE_SQLSTATES: Readonly<Record<string, string>> = {
  '40001': 'serialization failure',
  '40P01': 'deadlock',
};

export interface RetryPolicy {
  /** Runs in all, the first included. */
  attempts: number;
  /** Wait before run n+1: a random delay up to baseDelayMs · 2^(n−1), so colliding runs spread out. */
  baseDelayMs: number;
}
export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 5 };

const sqlstate = (err: unknown) => (err as { code?: unknown } | null)?.code;

/**
 * One unit of work in one transaction, run again whole on a serialization failure or deadlock.
 * `work` must have no effect outside `tx` (collect domain events, publish after this resolves),
 * because a failed run's effects are rolled back and the work runs again.
 */
export async function inTransaction<T>(sql: Sql, work: (tx: Tx) => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY): Promise<T> {
  for (let run = 1; ; run++) {
    try {
      return (await sql.begin((tx) => work(tx))) as T;
    } catch (err) {
      const code = sqlstate(err);
      if (typeof code !== 'string' || !(code in RETRYABLE_SQLSTATES) || run >= policy.attempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * policy.baseDelayMs * 2 ** (run - 1)));
    }
  }
}
