import type { ScoringConfig } from '../engine/config.js';
import { percentile } from '../kpis/stats.js';
import type { SlaFigures } from '../kpis/sla.js';
import type { RuleSetReport } from '../backtest/metrics.js';

/**
 * The quarterly review (issue 17.8), as pure functions: the closed leads of the quarter come in
 * (with the rules that scored them and their scores when sales took them), figures come out. The
 * API route, the Review page (through the route) and `npm run review` all show this one result.
 */

/** Below this many won, or lost/rejected, leads in the quarter a lift is marked "too few": one lead more or less would swing it by 20 points and more. */
export const MIN_REVIEW_OUTCOMES = 5;
/** A rule is "weak" when won leads match it less than this share as often as lost/rejected ones. */
export const WEAK_LIFT = 0.8;
/** A threshold is moved when the won leads' p25 is at least this far from it (relative). */
export const THRESHOLD_GAP = 0.1;

export interface ReviewLead {
  id: number;
  disposition: 'won' | 'lost' | 'rejected';
  sqlScore: number | null;
  actionScore: number | null;
  /** Rules that gave the lead points under the current rules. */
  rules: readonly string[];
}

export interface RuleLiftRow {
  ruleId: string;
  won: number;
  wonTotal: number;
  lostRejected: number;
  lostRejectedTotal: number;
  /** Share of won leads that matched the rule ÷ share of lost/rejected leads that did; null when that share is 0. */
  lift: number | null;
  tooFew: boolean;
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
const isWon = (l: ReviewLead) => l.disposition === 'won';

export function ruleLifts(leads: readonly ReviewLead[], ruleIds: readonly string[]): RuleLiftRow[] {
  const won = leads.filter(isWon);
  const lost = leads.filter((l) => !isWon(l));
  const tooFew = won.length < MIN_REVIEW_OUTCOMES || lost.length < MIN_REVIEW_OUTCOMES;
  return ruleIds.map((ruleId) => {
    const w = won.filter((l) => l.rules.includes(ruleId)).length;
    const x = lost.filter((l) => l.rules.includes(ruleId)).length;
    const wonShare = won.length ? w / won.length : null;
    const lostShare = lost.length ? x / lost.length : null;
    const lift = wonShare === null || !lostShare ? null : round(wonShare / lostShare, 3);
    return { ruleId, won: w, wonTotal: won.length, lostRejected: x, lostRejectedTotal: lost.length, lift, tooFew };
  });
}

export interface Distribution {
  n: number;
  min: number | null;
  p25: number | null;
  median: number | null;
  p75: number | null;
  max: number | null;
}

/** Scores to whole points (percentiles interpolated as the KPI pages do). */
export function distribution(values: readonly (number | null)[]): Distribution {
  const sorted = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  return {
    n: sorted.length,
    min: sorted.length ? Math.round(sorted[0]!) : null,
    p25: percentile(sorted, 0.25),
    median: percentile(sorted, 0.5),
    p75: percentile(sorted, 0.75),
    max: sorted.length ? Math.round(sorted[sorted.length - 1]!) : null,
  };
}

export function thresholdReview(leads: readonly ReviewLead[], stages: ScoringConfig['stages']) {
  const won = leads.filter(isWon);
  const atAction = distribution(won.map((l) => l.actionScore));
  return {
    thresholds: { mqlScore: stages.mql.score, sqlEngagement: stages.sql.engagement, nearSqlMaxMissingBant: stages.nearSql.maxMissingBant },
    wonAtSqlEntry: distribution(won.map((l) => l.sqlScore)),
    wonAtFirstAction: atAction,
    /** Won leads whose score at the first sales action was under the MQL threshold. */
    wonBelowMql: won.filter((l) => l.actionScore !== null && l.actionScore < stages.mql.score).length,
  };
}

export type Proposal =
  | { kind: 'drop-rule'; ruleId: string; lift: number; why: string }
  | { kind: 'mql-threshold'; from: number; to: number; why: string }
  | { kind: 'none'; why: string };

/**
 * The heuristic, first that applies: (1) drop the rule with the weakest lift, if it is under
 * WEAK_LIFT and rests on enough outcomes; (2) move the MQL score threshold to the won leads' p25
 * score at the first sales action, if there are enough won leads and it is THRESHOLD_GAP or more
 * away; (3) nothing.
 */
export function proposeChange(lifts: readonly RuleLiftRow[], thresholds: ReturnType<typeof thresholdReview>): Proposal {
  const weakest = lifts
    .filter((l) => !l.tooFew && l.lift !== null && l.lift < WEAK_LIFT)
    .sort((a, b) => a.lift! - b.lift! || (a.ruleId < b.ruleId ? -1 : 1))[0];
  if (weakest)
    return {
      kind: 'drop-rule',
      ruleId: weakest.ruleId,
      lift: weakest.lift!,
      why: `won leads matched "${weakest.ruleId}" ${weakest.lift} times as often as lost/rejected ones (under ${WEAK_LIFT})`,
    };
  const { p25, n } = thresholds.wonAtFirstAction;
  const mql = thresholds.thresholds.mqlScore;
  if (p25 !== null && n >= MIN_REVIEW_OUTCOMES && p25 > 0 && Math.abs(p25 - mql) / mql >= THRESHOLD_GAP)
    return { kind: 'mql-threshold', from: mql, to: p25, why: `a quarter of won leads had ${p25} points or fewer when sales took them` };
  return { kind: 'none', why: 'no rule under the weak lift and the MQL threshold within 10% of the won leads’ p25 (or too few outcomes)' };
}

/** The proposal as a scoring configuration: the rule removed or the threshold moved, all else as in force. */
export function proposedScoring(current: ScoringConfig, proposal: Proposal): ScoringConfig {
  const next = structuredClone(current);
  if (proposal.kind === 'drop-rule') {
    next.engagementRules = next.engagementRules.filter((r) => r.id !== proposal.ruleId);
    next.fitRules = next.fitRules.filter((r) => r.id !== proposal.ruleId);
  }
  if (proposal.kind === 'mql-threshold') next.stages.mql.score = proposal.to;
  return next;
}

const rate = (n: number | null) => (n === null ? null : round(n, 4));
const backtestFigures = (r: RuleSetReport) => ({
  precision: rate(r.precision),
  recall: rate(r.recall),
  sqlNow: r.counts.sql,
  judged: r.outcomes.judged,
  tooFew: r.outcomes.tooFew,
});

export interface ReviewInputs {
  quarter: string;
  leads: readonly ReviewLead[];
  ruleIds: readonly string[];
  scoring: ScoringConfig;
  sla: SlaFigures;
}

/** Everything but the backtest: what the proposal is, so it can be replayed. */
export function reviewFindings(input: ReviewInputs) {
  const lifts = ruleLifts(input.leads, input.ruleIds);
  const thresholds = thresholdReview(input.leads, input.scoring.stages);
  const proposal = proposeChange(lifts, thresholds);
  const won = input.leads.filter(isWon).length;
  return {
    quarter: input.quarter,
    outcomes: { won, lostRejected: input.leads.length - won, minimum: MIN_REVIEW_OUTCOMES },
    lifts,
    thresholds,
    sla: input.sla,
    proposal,
  };
}

/** The findings with the proposal's backtest beside the current rules'. */
export function reviewReport(
  findings: ReturnType<typeof reviewFindings>,
  backtest: { current: RuleSetReport; proposed: RuleSetReport } | null,
) {
  return {
    ...findings,
    backtest: backtest && { current: backtestFigures(backtest.current), proposed: backtestFigures(backtest.proposed) },
  };
}
export type Review = ReturnType<typeof reviewReport>;
