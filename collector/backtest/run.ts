import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Disposition } from '../events/domain.js';
import type { CompiledRules } from '../engine/rules/compile.js';
import type { BacktestSource } from './source.js';
import { bandChanges, outcomeOf, reportRuleSet, type BandChange, type LeadReplay, type RuleSetReport } from './metrics.js';
import { backtestReplayers, replayChunk, type ReplayedChunk, type ReplayInWorkers } from './replay.js';

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
  /**
   * Replays in worker threads instead of here (SQLite files: `store/sqlite/backtest-workers.ts`);
   * the event loop then stays free for ingest and the dashboard while the backtest runs.
   */
  inWorkers?: ReplayInWorkers;
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
  /** Worker threads that replayed (0: on this thread). */
  workers: number;
}

const ruleIds = (rules: CompiledRules) => [...rules.engagement.map((r) => r.id), ...rules.fit.map((r) => r.id)];

/**
 * Replays every lead of the snapshot under the current and the proposed rules and compares them.
 * Reads only: the source is a read-only snapshot, and nothing here writes. With `inWorkers` the
 * replays run in worker threads, each on a snapshot of its own, and this thread only adds up.
 */
export async function runBacktest(options: BacktestOptions): Promise<BacktestReport> {
  const { source, current, proposed, now } = options;
  const chunkLeads = options.chunkLeads ?? 200;
  const timer = options.timer ?? (() => performance.now());
  const started = timer();
  const leadsTotal = await source.leadCount();
  const replays = { current: [] as LeadReplay[], proposed: [] as LeadReplay[] };
  const dispositions = new Map<number, Disposition | null>();
  const emails = new Map<number, string>();
  let leads = 0;
  let events = 0;
  const add = (chunk: ReplayedChunk) => {
    leads += chunk.leads;
    events += chunk.events;
    for (const r of chunk.current) replays.current.push(r);
    for (const r of chunk.proposed) replays.proposed.push(r);
    for (const [id, email, disposition] of chunk.people) {
      dispositions.set(id, disposition);
      emails.set(id, email);
    }
    options.onProgress?.({ leadsDone: leads, leadsTotal, events });
  };

  let workers = 0;
  if (options.inWorkers) {
    workers = await options.inWorkers(now, add);
    // Chunks come in the order the workers finish them: lead order makes the report the same either way.
    replays.current.sort(byLead);
    replays.proposed.sort(byLead);
  } else {
    const replayers = backtestReplayers(current, proposed);
    for (let after = 0; ;) {
      const batch = await source.leads(after, chunkLeads);
      add(replayChunk(replayers, batch, now));
      if (batch.length < chunkLeads) break;
      after = batch[batch.length - 1]!.id;
      if (source.consistentAcrossYields) await yieldToLoop();
    }
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
    workers,
  };
}

const byLead = (a: LeadReplay, b: LeadReplay) => a.leadId - b.leadId;
