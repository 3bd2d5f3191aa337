import type { Disposition } from '../events/domain.js';
import type { CompiledRules } from '../engine/rules/compile.js';
import { createReplayer, type Replayer } from '../engine/rescore/fast-replay.js';
import type { LeadInputs } from './inputs.js';
import type { LeadReplay } from './metrics.js';

/**
 * One lead under one rule set, with the engine's own replay: the same pure steps ingest and
 * rescore take, so the current rules reproduce the live stages and the proposed ones show what
 * would have happened had they always been in force.
 */
export function replayUnder(replayer: Replayer, lead: LeadInputs, now: number): LeadReplay | null {
  // The lean outcome: the total and the rules with points only, no full engagement state (no reason is rendered for a comparison).
  const replayed = replayer.outcome(lead.email, lead.events, lead.actions, now);
  if (!replayed) return null;
  const { machine, transitions, total, ruleIds } = replayed;
  return {
    leadId: lead.id,
    band: machine.stage,
    score: total,
    everMql: machine.firstMqlAt !== null,
    everSql: machine.firstSqlAt !== null,
    sqlAlertsAt: transitions.filter((t) => t.kind === 'stage' && t.to === 'sql' && t.direction === 'up').map((t) => t.at),
    rules: ruleIds,
  };
}

/** One chunk of leads replayed under both rule sets: what a worker posts, and what the in-process loop folds in. */
export interface ReplayedChunk {
  leads: number;
  events: number;
  current: LeadReplay[];
  proposed: LeadReplay[];
  /** Each replayed lead's email and sales' judgement, for the band changes and the precision. */
  people: [id: number, email: string, disposition: Disposition | null][];
}

export interface BacktestReplayers {
  current: Replayer;
  proposed: Replayer;
}

export const backtestReplayers = (current: CompiledRules, proposed: CompiledRules): BacktestReplayers => ({
  current: createReplayer(current),
  proposed: createReplayer(proposed),
});

/** Replays a chunk of leads under both rule sets; a lead either set has no model for is counted, not compared. */
export function replayChunk(replayers: BacktestReplayers, batch: readonly LeadInputs[], now: number): ReplayedChunk {
  const chunk: ReplayedChunk = { leads: 0, events: 0, current: [], proposed: [], people: [] };
  for (const lead of batch) {
    chunk.leads++;
    chunk.events += lead.events.length;
    const c = replayUnder(replayers.current, lead, now);
    const p = replayUnder(replayers.proposed, lead, now);
    if (!c || !p) continue;
    chunk.current.push(c);
    chunk.proposed.push(p);
    chunk.people.push([lead.id, lead.email, lead.disposition]);
  }
  return chunk;
}

/**
 * Replays the leads in worker threads (see `BacktestOptions.inWorkers`): each chunk a worker posts
 * goes to `onChunk`; resolves with the number of workers once every chunk was handed over.
 */
export type ReplayInWorkers = (now: number, onChunk: (chunk: ReplayedChunk) => void) => Promise<number>;
