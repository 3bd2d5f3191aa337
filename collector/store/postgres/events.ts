import { rowToScoringEvent, SCORING_COLUMNS, type ScoringRow } from '../../events/rows.js';
import type { EventsTx } from '../port/engine.js';
import type { SqlOrTx } from './connect.js';

/** The event log as the engine reads and projects it on PostgreSQL, inside the caller's transaction. */
export function createPostgresEvents(sql: SqlOrTx): EventsTx {
  const columns = sql.unsafe(SCORING_COLUMNS);
  return {
    async forLead(leadId) {
      return (await sql<ScoringRow[]>`SELECT ${columns} FROM events WHERE lead_id = ${leadId} ORDER BY seq`).map(rowToScoringEvent);
    },
    async forLeadFrom(leadId, seq) {
      return (await sql<ScoringRow[]>`SELECT ${columns} FROM events WHERE lead_id = ${leadId} AND seq >= ${seq} ORDER BY seq`).map(
        rowToScoringEvent,
      );
    },
    async assign(seq, leadId) {
      await sql`UPDATE events SET lead_id = ${leadId} WHERE seq = ${seq}`;
    },
    async lastSeq() {
      const [row] = await sql<{ seq: number | null }[]>`SELECT MAX(seq) AS seq FROM events`;
      return row?.seq ?? 0;
    },
    async removeForLead(leadId) {
      await sql`DELETE FROM events WHERE lead_id = ${leadId}`;
    },
    async removeReceivedBefore(cutoff, limit) {
      // The head of the log by seq, as on SQLite: seq grows in receipt order, so no received_at index is needed.
      const done =
        await sql`DELETE FROM events WHERE seq IN (SELECT seq FROM events ORDER BY seq LIMIT ${limit}) AND received_at < ${cutoff}`;
      return done.count;
    },
  };
}
