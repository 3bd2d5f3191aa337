import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Disposition } from '../events/domain.js';
import type { CompiledRules } from '../engine/rules/compile.js';
import { createReplayer, type Replayer } from '../engine/rescore/fast-replay.js';
import { totalAndRules } from '../engine/scoring/score.js';
import type { BacktestSource, LeadInputs } from './source.js';
import { bandChanges, outcomeOf, reportRuleSet, type BandChange, type LeadReplay, type RuleSetReport } from './metrics.js';

export interface BacktestProgress {
  leadsDone: number;
  leadsTotal: number;
  events: number;
}

export interface BacktestOptions {
  source: BacktestSource;
  current: CompiledRules;
  proposed: CompiledRules;
  /** Stages and scores are as of this moment (decay applied up to it). */
  now: number;
  onProgress?: (p: BacktestProgress) => void;
  /** Leads per chunk; between chunks the event loop runs (when the source allows it). */
  chunkLeads?: number;
  /** How many band changes the report lists (all are counted). */
  maxChanges?: number;
  timer?: () => number;
}

export interface BacktestReport {
  now: number;
  leads: number;
  events: number;
  /** Leads sales judged: accepted or won (positive), rejected or lost (negative). */
  judged: { positive: number; negative: number };
  current: RuleSetReport;
  proposed: RuleSetReport;
  bandChanges: BandChange[];
  bandChangesTotal: number;
  ms: number;
}

const ruleIds = (rules: CompiledRules) => [...rules.engagement.map((r) => r.id), ...rules.fit.map((r) => r.id)];

/**
 * One lead under one rule set, with the engine's own replay: the same pure steps ingest and
 * rescore take, so the current rules reproduce the live stages and the proposed ones show what
 * would have happened had they always been in force.
 */
export function replayUnder(rules: CompiledRules, replayer: Replayer, lead: LeadInputs, now: number): LeadReplay | null {
  const replayed = replayer.replay(lead.email, lead.events, lead.actions, now);
  if (!replayed) return null;
  const { model, transitions } = replayed;
  // The total and the rules with points only: no reason is rendered for a comparison.
  const { total, ruleIds } = totalAndRules(rules, model.engagement, model.traits, now);
  return {
    leadId: lead.id,
    band: model.machine.stage,
    score: total,
    everMql: model.machine.firstMqlAt !== null,
    everSql: model.machine.firstSqlAt !== null,
    sqlAlertsAt: transitions.filter((t) => t.kind === 'stage' && t.to === 'sql' && t.direction === 'up').map((t) => t.at),
    rules: ruleIds,
  };
}

/**
 * Replays every lead of the snapshot under the current and the proposed rules and compares them.
 * Reads only: the source is a read-only snapshot, and nothing here writes.
 */
export async function runBacktest(options: BacktestOptions): Promise<BacktestReport> {
  const { source, current, proposed, now } = options;
  const chunk = options.chunkLeads ?? 200;
  const timer = options.timer ?? (() => performance.now());
  const started = timer();
  const leadsTotal = await source.leadCount();
  const replays = { current: [] as LeadReplay[], proposed: [] as LeadReplay[] };
  const replayers = { current: createReplayer(current), proposed: createReplayer(proposed) };
  const dispositions = new Map<number, Disposition | null>();
  const emails = new Map<number, string>();
  let leads = 0;
  let events = 0;

  for (let after = 0; ;) {
    const batch = await source.leads(after, chunk);
    for (const lead of batch) {
      leads++;
      events += lead.events.length;
      const c = replayUnder(current, replayers.current, lead, now);
      const p = replayUnder(proposed, replayers.proposed, lead, now);
      if (!c || !p) continue;
      replays.current.push(c);
      replays.proposed.push(p);
      dispositions.set(lead.id, lead.disposition);
      emails.set(lead.id, lead.email);
    }
    options.onProgress?.({ leadsDone: leads, leadsTotal, events });
    if (batch.length < chunk) break;
    after = batch[batch.length - 1]!.id;
    if (source.consistentAcrossYields) await yieldToLoop();
  }

  const changes = bandChanges(replays.current, replays.proposed, emails, dispositions);
  const judged = { positive: 0, negative: 0 };
  for (const d of dispositions.values()) {
    const outcome = outcomeOf(d);
    if (outcome) judged[outcome]++;
  }
  return {
    now,
    leads,
    events,
    judged,
    current: reportRuleSet(replays.current, dispositions, ruleIds(current)),
    proposed: reportRuleSet(replays.proposed, dispositions, ruleIds(proposed)),
    bandChanges: changes.slice(0, options.maxChanges ?? 200),
    bandChangesTotal: changes.length,
    ms: Math.round(timer() - started),
  };
}
