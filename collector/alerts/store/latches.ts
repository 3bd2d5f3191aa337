import type { DB } from '../../db/index.js';
import type { Stage } from '../../events/domain.js';

/**
 * Crossing latches: "this lead has crossed up into this stage and not fallen back below it".
 * The engine's hysteresis decides when a lead falls back; the latch makes sure one crossing
 * alerts once even if the same upward change is reported twice (a rescore, a replay).
 */
export function createLatchStore(db: DB) {
  const set = db.prepare('INSERT OR IGNORE INTO alert_latches (lead_id, stage, crossed_at) VALUES (?, ?, ?)');
  const clear = db.prepare('DELETE FROM alert_latches WHERE lead_id = ? AND stage = ?');
  const clearLead = db.prepare('DELETE FROM alert_latches WHERE lead_id = ?');
  return {
    /** Latches the stage; false when it was already latched (a repeated crossing). */
    cross: (leadId: number, stage: Stage, at: number) => set.run(leadId, stage, at).changes > 0,
    release: (leadId: number, stage: Stage) => void clear.run(leadId, stage),
    releaseLead: (leadId: number) => void clearLead.run(leadId),
  };
}
export type LatchStore = ReturnType<typeof createLatchStore>;
