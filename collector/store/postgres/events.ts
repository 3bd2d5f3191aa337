import { rowToEvent, type EventRow } from '../../events/rows.js';
import type { StoredEvent } from '../../events/types.js';
import type { EventsTx } from '../port/engine.js';
import type { SqlOrTx } from './connect.js';

interface ForLeadFrom {
  /** The lead's events from log position `seq` on (a late event's re-fold reads only these). */
  forLeadFrom(leadId: number, seq: number): Promise<StoredEvent[]>;
}

/** The event log as the engine reads and projects it on PostgreSQL, inside the caller's transaction. */
export function createPostgresEvents(sql: SqlOrTx): EventsTx & ForLeadFrom {
  return {
    async forLead(leadId) {
      return (await sql<EventRow[]>`SELECT * FROM events WHERE lead_id = ${leadId} ORDER BY seq`).map(rowToEvent);
    },
    async forLeadFrom(leadId, seq) {
      return (await sql<EventRow[]>`SELECT * FROM events WHERE lead_id = ${leadId} AND seq >= ${seq} ORDER BY seq`).map(rowToEvent);
    },
    async anonymousBefore(site, visitorId, seq) {
      // Locked: a collector linking the same browser at the same moment waits, then finds these
      // rows attributed (READ COMMITTED re-checks `lead_id IS NULL`) and leaves them to the first.
      const rows = await sql<EventRow[]>`SELECT * FROM events
        WHERE site = ${site} AND visitor_id = ${visitorId} AND seq < ${seq} AND lead_id IS NULL ORDER BY seq FOR UPDATE`;
      return rows.map(rowToEvent);
    },
    async assign(seq, leadId) {
      await sql`UPDATE events SET lead_id = ${leadId} WHERE seq = ${seq}`;
    },
    async attribute(seqs, leadId, linkSeq) {
      if (!seqs.length) return;
      await sql`UPDATE events SET lead_id = ${leadId}, attributed_seq = ${linkSeq} WHERE seq = ANY(${[...seqs]}::bigint[])`;
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
