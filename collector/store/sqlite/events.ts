import type { DB } from '../../db/index.js';
import { rowToEvent, type EventRow } from '../../events/rows.js';
import type { StoredEvent } from '../../events/types.js';
import type { EventsTx } from '../port/engine.js';
import { asAsync } from '../port/async.js';

/** The event log as the engine reads and projects it, on SQLite. */
export function createSqliteEvents(db: DB): EventsTx {
  const forLead = db.prepare<[number], EventRow>('SELECT * FROM events WHERE lead_id = ? ORDER BY seq');
  const forLeadFrom = db.prepare<[number, number], EventRow>('SELECT * FROM events WHERE lead_id = ? AND seq >= ? ORDER BY seq');
  const assign = db.prepare('UPDATE events SET lead_id = ? WHERE seq = ?');
  const lastSeq = db.prepare<[], { seq: number | null }>('SELECT MAX(seq) AS seq FROM events');
  const removeForLead = db.prepare('DELETE FROM events WHERE lead_id = ?');
  const removeReceivedBefore = db.prepare(
    'DELETE FROM events WHERE seq IN (SELECT seq FROM events ORDER BY seq LIMIT ?) AND received_at < ?',
  );
  const rows = {
    forLead: (leadId: number): StoredEvent[] => forLead.all(leadId).map(rowToEvent),
    forLeadFrom: (leadId: number, seq: number): StoredEvent[] => forLeadFrom.all(leadId, seq).map(rowToEvent),
    assign: (seq: number, leadId: number) => void assign.run(leadId, seq),
    lastSeq: () => lastSeq.get()?.seq ?? 0,
    removeForLead: (leadId: number) => void removeForLead.run(leadId),
    removeReceivedBefore: (cutoff: number, limit: number) => removeReceivedBefore.run(limit, cutoff).changes,
  };
  return asAsync(rows);
}
