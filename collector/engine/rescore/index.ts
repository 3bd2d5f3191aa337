import type { EventRow } from '../../events/rows.js';
import { rowToEvent } from '../../events/rows.js';
import { setSetting } from '../../db/index.js';
import type { Writer } from '../../writer/index.js';
import { createUnit, type EngineCore } from '../projection/unit.js';
import { rebaseRanks } from '../projection/rank.js';
import { DAY_MS } from '../rules/compile.js';
import { replayLead, type ReplayAction, type ReplayEvent } from './replay.js';

export const RULES_FINGERPRINT_KEY = 'engine.rules_fingerprint';

export interface RescoreProgress {
  leadsDone: number;
  leadsTotal: number;
  events: number;
}

export interface StageChange {
  leadId: number;
  email: string;
  from: string;
  to: string;
}

export interface RescoreResult {
  leads: number;
  events: number;
  stageChanges: number;
  changes: StageChange[];
  ms: number;
}

export interface RescoreOptions {
  /** Leads per writer transaction: ingest interleaves between chunks. */
  chunkLeads?: number;
  onProgress?: (p: RescoreProgress) => void;
  /** Timers are applied up to now − lagMs, as the sweep does. */
  lagMs?: number;
  /** Wall clock for measuring; defaults to performance.now. */
  timer?: () => number;
}

/**
 * Recomputes every lead from the event log under the current rules: scores, stages and their
 * history, exactly as if these rules had always been in force. Identity links are facts, not
 * rules, and stay. Runs in chunks through the writer, so the collector keeps ingesting.
 */
export async function rescoreAll(core: EngineCore, writer: Writer, options: RescoreOptions = {}): Promise<RescoreResult> {
  const chunk = options.chunkLeads ?? 500;
  const lagMs = options.lagMs ?? 0;
  const timer = options.timer ?? (() => performance.now());
  const started = timer();
  const { db, rules } = core;
  const leadsTotal = (db.prepare('SELECT COUNT(*) AS n FROM leads').get() as { n: number }).n;
  const ids = db.prepare<[number, number], { id: number; email: string }>('SELECT id, email FROM leads WHERE id > ? ORDER BY id LIMIT ?');
  const eventRows = db.prepare<[number], EventRow & { attributed_seq: number | null }>('SELECT * FROM events WHERE lead_id = ? ORDER BY seq');
  const actionRows = db.prepare<[number], { id: number; at: number; action: string; after_seq: number }>('SELECT id, at, action, after_seq FROM lead_actions WHERE lead_id = ? ORDER BY id');
  const result: RescoreResult = { leads: 0, events: 0, stageChanges: 0, changes: [], ms: 0 };

  await writer.transact((ctx) => rebaseRanks(db, Math.floor(ctx.now / DAY_MS) * DAY_MS, rules.halfLifeMs));
  for (let after = 0; ; ) {
    const done = await writer.transact((ctx) => {
      const batch = ids.all(after, chunk);
      const unit = createUnit(core, ctx);
      for (const { id, email } of batch) {
        const events: ReplayEvent[] = eventRows.all(id).map((row) => ({ ...rowToEvent(row), attributedSeq: row.attributed_seq }));
        const actions: ReplayAction[] = actionRows.all(id).map((a) => ({ id: a.id, at: a.at, action: a.action, afterSeq: a.after_seq }));
        const w = unit.open(id);
        const replayed = replayLead(rules, email, events, actions, ctx.now - lagMs);
        result.leads++;
        result.events += events.length;
        if (!w || !replayed) continue;
        w.row.first_seen_at = null;
        w.row.last_seen_at = null;
        unit.seen(w, events);
        unit.replace(w, replayed.model, replayed.transitions);
        if (w.before && w.before.stage !== replayed.model.machine.stage) {
          result.changes.push({ leadId: id, email, from: w.before.stage, to: replayed.model.machine.stage });
        }
      }
      unit.flush();
      if (batch.length) after = batch[batch.length - 1]!.id;
      return batch.length < chunk;
    });
    options.onProgress?.({ leadsDone: result.leads, leadsTotal, events: result.events });
    if (done) break;
  }
  await writer.transact(() => setSetting(db, RULES_FINGERPRINT_KEY, rules.fingerprint));
  result.stageChanges = result.changes.length;
  result.ms = Math.round(timer() - started);
  return result;
}
