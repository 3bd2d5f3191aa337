import type { LatchStore } from '../port/alerts.js';
import type { SqlOrTx } from './connect.js';

/**
 * `alert_latches` on PostgreSQL. Two collectors latching one crossing at once: the primary key
 * makes the second insert wait for the first transaction and then skip, so one of them alerts.
 */
export function createPostgresLatches(sql: SqlOrTx): LatchStore {
  return {
    cross: async (leadId, stage, at) =>
      (await sql`INSERT INTO alert_latches (lead_id, stage, crossed_at) VALUES (${leadId}, ${stage}, ${at}) ON CONFLICT DO NOTHING`).count >
      0,
    async release(leadId, stage) {
      await sql`DELETE FROM alert_latches WHERE lead_id = ${leadId} AND stage = ${stage}`;
    },
    async releaseLead(leadId) {
      await sql`DELETE FROM alert_latches WHERE lead_id = ${leadId}`;
    },
  };
}
