import type { DB } from '../../db/index.js';
import type { Stage } from '../../events/domain.js';

/** `alert_latches` on SQLite (the latch's meaning: port/alerts.ts `LatchStore`). */
export function sqliteLatchRows(db: DB) {
  const set = db.prepare('INSERT OR IGNORE INTO alert_latches (lead_id, stage, crossed_at) VALUES (?, ?, ?)');
  const clear = db.prepare('DELETE FROM alert_latches WHERE lead_id = ? AND stage = ?');
  const clearLead = db.prepare('DELETE FROM alert_latches WHERE lead_id = ?');
  return {
    cross: (leadId: number, stage: Stage, at: number) => set.run(leadId, stage, at).changes > 0,
    release: (leadId: number, stage: Stage) => void clear.run(leadId, stage),
    releaseLead: (leadId: number) => void clearLead.run(leadId),
  };
}
