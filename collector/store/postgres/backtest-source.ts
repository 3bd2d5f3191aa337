import type { LeadInputs } from '../../engine/rescore/replay.js';
import type { Sql } from './connect.js';
import { readRescoreInputs } from './rescore-inputs.js';

/**
 * A backtest's snapshot on PostgreSQL: one reserved connection in a REPEATABLE READ READ ONLY
 * transaction, so every chunk sees the database as it was at the first read while collectors go on
 * writing, and nothing read through it can write.
 */
export async function openPostgresSnapshot(sql: Sql): Promise<{
  leadCount(): Promise<number>;
  chunk(afterId: number, limit: number): Promise<LeadInputs[]>;
  close(): Promise<void>;
}> {
  const reserved = await sql.reserve();
  try {
    await reserved`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`;
  } catch (err) {
    reserved.release();
    throw err;
  }
  return {
    async leadCount() {
      const [row] = await reserved<{ n: number }[]>`SELECT count(*) AS n FROM leads`;
      return row!.n;
    },
    chunk: (afterId, limit) => readRescoreInputs(reserved, afterId, limit, { lock: false }),
    async close() {
      try {
        await reserved`ROLLBACK`;
      } finally {
        reserved.release();
      }
    },
  };
}
