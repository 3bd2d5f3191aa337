import { setSetting } from '../../db/index.js';
import type { Writer } from '../../writer/index.js';
import { createUnit, type EngineCore } from '../projection/unit.js';
import { rebaseRanks } from '../projection/rank.js';
import { DAY_MS } from '../rules/compile.js';
import { replayLead } from './replay.js';
import { createInputReader } from './inputs.js';

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
  const inputs = createInputReader(db);
  const result: RescoreResult = { leads: 0, events: 0, stageChanges: 0, changes: [], ms: 0 };

  await writer.transact((ctx) => rebaseRanks(db, Math.floor(ctx.now / DAY_MS) * DAY_MS, rules.halfLifeMs));
  for (let after = 0; ; ) {
    const done = await writer.transact((ctx) => {
      const batch = inputs.chunk(after, chunk);
      const unit = createUnit(core, ctx);
      for (const { row, events, actions, stored } of batch) {
        const replayed = replayLead(rules, row.email, events, actions, ctx.now - lagMs);
        result.leads++;
        result.events += events.length;
        // A lead without stored state is left alone, as ingest never made one.
        if (stored.model === null || !replayed) continue;
        const w = unit.replace(row, stored, replayed.model, replayed.transitions);
        w.row.first_seen_at = null;
        w.row.last_seen_at = null;
        unit.seen(w, events);
        if (w.before!.stage !== replayed.model.machine.stage) {
          result.changes.push({ leadId: row.id, email: row.email, from: w.before!.stage, to: replayed.model.machine.stage });
        }
      }
      unit.flush();
      if (batch.length) after = batch[batch.length - 1]!.row.id;
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
