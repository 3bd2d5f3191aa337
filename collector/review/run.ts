import type { ScoringConfig } from '../engine/config.js';
import { compileRules } from '../engine/rules/compile.js';
import { createReplayer } from '../engine/rescore/fast-replay.js';
import { runBacktest } from '../backtest/run.js';
import { replayUnder } from '../backtest/replay.js';
import type { BacktestSource } from '../backtest/source.js';
import { slaFigures } from '../kpis/sla.js';
import type { KpiReads } from '../store/port/kpis.js';
import type { ReviewReads } from '../store/port/review.js';
import { proposedScoring, reviewFindings, reviewReport, type Review, type ReviewLead } from './compute.js';
import { quarterRange } from './quarter.js';

export interface ReviewDeps {
  reads: KpiReads & ReviewReads;
  /** A read-only snapshot for the replays (the backtest's). */
  openSource: () => Promise<BacktestSource>;
  scoring: ScoringConfig;
  slaHours: number;
  now: number;
}

/** Which current rules scored each of these leads, from the engine's own replay of their inputs. */
async function rulesOf(source: BacktestSource, scoring: ScoringConfig, ids: ReadonlySet<number>, now: number) {
  const rules = compileRules(scoring);
  const replayer = createReplayer(rules);
  const out = new Map<number, string[]>();
  for (let after = 0; ;) {
    const batch = await source.leads(after, 200);
    for (const lead of batch) if (ids.has(lead.id)) out.set(lead.id, replayUnder(replayer, lead, now)?.rules ?? []);
    if (batch.length < 200) return out;
    after = batch[batch.length - 1]!.id;
  }
}

/**
 * The quarter's review: its closed leads (store), the rules that scored them (replay), the SLA of
 * the quarter's SQLs, the proposal, and the proposal run through the backtest against the rules in force.
 */
export async function runReview(deps: ReviewDeps, quarter: string): Promise<Review> {
  const range = quarterRange(quarter);
  if (!range) throw new Error(`not a quarter: ${quarter}`);
  const [rows, kpiRows] = await Promise.all([deps.reads.reviewLeads(range.from, range.to), deps.reads.kpiLeads(range.from, range.to)]);
  const source = await deps.openSource();
  try {
    const rules = await rulesOf(source, deps.scoring, new Set(rows.map((r) => r.id)), deps.now);
    const leads: ReviewLead[] = rows.map((r) => ({
      id: r.id,
      disposition: r.disposition as ReviewLead['disposition'],
      sqlScore: r.sql_score,
      actionScore: r.action_score,
      rules: rules.get(r.id) ?? [],
    }));
    const current = compileRules(deps.scoring);
    const findings = reviewFindings({
      quarter,
      leads,
      ruleIds: [...current.engagement.map((r) => r.id), ...current.fit.map((r) => r.id)],
      scoring: deps.scoring,
      sla: slaFigures(kpiRows, 'activity', range, deps.slaHours, deps.now),
    });
    const backtest = await runBacktest({
      source,
      current,
      proposed: compileRules(proposedScoring(deps.scoring, findings.proposal)),
      now: deps.now,
    });
    return reviewReport(findings, backtest);
  } finally {
    await source.close();
  }
}
