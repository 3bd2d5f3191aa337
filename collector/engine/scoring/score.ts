import type { Reason } from '../../events/domain.js';
import { bantMet, type CompiledRules, type ScoringEvent } from '../rules/compile.js';
import type { BantKey } from '../rules/schema.js';
import type { Traits } from '../rules/traits.js';
import { decayFactor, engagementAt, replayEngagement, type EngagementState } from './engagement.js';
import { mostFrequent, renderReason, topReasons } from './reasons.js';

export interface BreakdownEvent {
  seq: number;
  type: string;
  ts: number;
  path: string | null;
  /** Awarded (after the cap), before decay. */
  points: number;
  /** What it counts now. */
  decayed: number;
}

/** One rule's share of the score (the API's RuleBreakdown). */
export interface RuleBreakdown {
  ruleId: string;
  label: string;
  kind: 'engagement' | 'fit';
  /** Before decay and caps. */
  pointsRaw: number;
  /** Points removed by the cap. */
  cappedBy: number;
  /** What counts now. */
  pointsDecayed: number;
  events: BreakdownEvent[];
}

export interface ScoreSummary {
  total: number;
  engagement: number;
  fit: number;
  /** Rules with a share in the score (engagement rules that matched, fit rules that hold). */
  breakdown: RuleBreakdown[];
  /** Every rule's reason in words, strongest first (negative ones last). */
  reasons: Reason[];
  /** The positive reasons an alert shows. */
  top: Reason[];
  bant: Record<BantKey, boolean> & { count: number };
  highIntentTs: number | null;
}

export function fitOf(rules: CompiledRules, traits: Traits): { fit: number; breakdown: RuleBreakdown[]; reasons: Reason[] } {
  let fit = 0;
  const breakdown: RuleBreakdown[] = [];
  const reasons: Reason[] = [];
  for (const rule of rules.fit) {
    const hit = rule.test(traits);
    if (!hit) continue;
    fit += rule.points;
    const seqs = hit.seq === null ? [] : [hit.seq];
    breakdown.push({ ruleId: rule.id, label: rule.label, kind: 'fit', pointsRaw: rule.points, cappedBy: 0, pointsDecayed: rule.points, events: [] });
    const value = hit.value === null ? null : String(hit.value);
    reasons.push({ text: renderReason(rule.text, { count: 1, firstTs: hit.setAt, lastTs: hit.setAt, path: null, value }), ruleId: rule.id, points: rule.points, eventSeqs: seqs });
  }
  return { fit, breakdown, reasons };
}

/**
 * The score as of `now` from an engagement state (incremental or replayed) and the traits. Rule
 * breakdowns here carry no per-event list; `score()` adds it.
 */
export function summarize(rules: CompiledRules, state: EngagementState, traits: Traits, now: number): ScoreSummary {
  const decay = decayFactor(rules.halfLifeMs, state.epochMs, now);
  const breakdown: RuleBreakdown[] = [];
  const reasons: Reason[] = [];
  for (const rule of rules.engagement) {
    const acc = state.rules[rule.id];
    if (!acc) continue;
    const pointsDecayed = acc.k * decay;
    breakdown.push({ ruleId: rule.id, label: rule.label, kind: 'engagement', pointsRaw: acc.raw, cappedBy: acc.raw - acc.awarded, pointsDecayed, events: [] });
    const template = acc.count === 1 ? rule.text : rule.textMany;
    const facts = { count: acc.count, firstTs: acc.firstTs, lastTs: acc.lastTs, path: mostFrequent(acc.paths), value: null };
    reasons.push({ text: renderReason(template, facts), ruleId: rule.id, points: pointsDecayed, eventSeqs: [...acc.seqs] });
  }
  const fit = fitOf(rules, traits);
  breakdown.push(...fit.breakdown);
  reasons.push(...fit.reasons);
  reasons.sort((a, b) => b.points - a.points || a.ruleId.localeCompare(b.ruleId));
  const engagement = engagementAt(state, rules.halfLifeMs, now);
  const met = bantMet(rules, traits);
  const count = Object.values(met).filter(Boolean).length;
  return {
    total: engagement + fit.fit,
    engagement,
    fit: fit.fit,
    breakdown,
    reasons,
    top: topReasons(reasons, rules.topReasons),
    bant: { ...met, count },
    highIntentTs: state.highIntentTs,
  };
}

/**
 * THE scoring function: pure, no I/O, no clock. The same function serves ingest (through the
 * incremental fold it is made of), rescore, the "why this score" breakdown and the backtest.
 */
export function score(rules: CompiledRules, events: readonly ScoringEvent[], traits: Traits, now: number): ScoreSummary & { state: EngagementState } {
  const perRule = new Map<string, BreakdownEvent[]>();
  const state = replayEngagement(rules, events, (event, awards) => {
    for (const a of awards) {
      const list = perRule.get(a.rule.id) ?? [];
      list.push({ seq: event.seq, type: event.type, ts: event.ts, path: event.path, points: a.points, decayed: a.points * decayFactor(rules.halfLifeMs, event.ts, now) });
      perRule.set(a.rule.id, list);
    }
  });
  const summary = summarize(rules, state, traits, now);
  for (const b of summary.breakdown) b.events = perRule.get(b.ruleId) ?? [];
  return { ...summary, state };
}
