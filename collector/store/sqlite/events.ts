import type { DB } from '../../db/index.js';
import { rowToScoringEvent, SCORING_COLUMNS, type ScoringFields, type ScoringRow } from '../../events/rows.js';
import type { EventsTx } from '../port/engine.js';
import { asAsync } from '../port/async.js';

/** The event log as the engine reads and projects it, on SQLite. */
export function createSqliteEvents(db: DB): EventsTx {
  // Only the columns the fold reads: the whole row (URLs, ids, title, client) was most of the re-read's cost.
  const forLead = db.prepare<[number], ScoringRow>(`SELECT ${SCORING_COLUMNS} FROM events WHERE lead_id = ? ORDER BY seq`);
  const forLeadFrom = db.prepare<[number, number], ScoringRow>(
    `SELECT ${SCORING_COLUMNS} FROM events WHERE lead_id = ? AND seq >= ? ORDER BY seq`,
  );
  const assign = db.prepare('UPDATE events SET lead_id = ? WHERE seq = ?');
  const lastSeq = db.prepare<[], { seq: number | null }>('SELECT MAX(seq) AS seq FROM events');
  const removeForLead = db.prepare('DELETE FROM events WHERE lead_id = ?');
  const removeReceivedBefore = db.prepare(
    'DELETE FROM events WHERE seq IN (SELECT seq FROM events ORDER BY seq LIMIT ?) AND received_at < ?',
  );
  const rows = {
    forLead: (leadId: number): ScoringFields[] => forLead.all(leadId).map(rowToScoringEvent),
    forLeadFrom: (leadId: number, seq: number): ScoringFields[] => forLeadFrom.all(leadId, seq).map(rowToScoringEvent),
    assign: (seq: number, leadId: number) => void assign.run(leadId, seq),
    lastSeq: () => lastSeq.get()?.seq ?? 0,
    removeForLead: (leadId: number) => void removeForLead.run(leadId),
    removeReceivedBefore: (cutoff: number, limit: number) => removeReceivedBefore.run(limit, cutoff).changes,
  };
  return asAsync(rows);
}
