import type { FleetJob, FleetLocks } from '../port/index.js';
import type { Sql } from './connect.js';

/** Advisory lock keys of the jobs that run once per fleet ("kndl" + a job number; migration is 01). */
export const FLEET_JOB_KEYS: Readonly<Record<FleetJob, number>> = {
  sweep: 0x6b6e646c_10,
  retention: 0x6b6e646c_11,
  rescore: 0x6b6e646c_12,
  'follow-up': 0x6b6e646c_13,
  digest: 0x6b6e646c_14,
};

/**
 * Fleet-once jobs on session advisory locks. The lock is tried, never waited for: a collector that
 * finds the job running elsewhere skips this round. It is held on a reserved connection for the
 * whole run, so it outlives the job's own transactions, and PostgreSQL drops it when that
 * connection ends — a collector that dies mid-job frees the job for the next taker.
 */
export function createFleetLocks(sql: Sql): FleetLocks {
  return {
    async runOnce<T>(job: FleetJob, work: () => Promise<T>): Promise<T | null> {
      const key = FLEET_JOB_KEYS[job];
      const holder = await sql.reserve();
      try {
        const [row] = await holder<{ got: boolean }[]>`SELECT pg_try_advisory_lock(${key}::bigint) AS got`;
        if (!row?.got) return null;
        try {
          return await work();
        } finally {
          await holder`SELECT pg_advisory_unlock(${key}::bigint)`;
        }
      } finally {
        holder.release();
      }
    },
  };
}
