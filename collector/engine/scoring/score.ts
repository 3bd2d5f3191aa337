import type { Reason } from '../../events/domain.js';
import { bantMet, type CompiledRules, type EngagementRule, type FitRule, type ScoringEvent } from '../rules/compile.js';
import type { BantKey } from '../rules/schema.js';
import type { TraitEntry, Traits } from '../rules/traits.js';
import { decayFactor, engagementAt, replayEngagement, type EngagementState, type RuleAccumulator } from './engagement.js';
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

/** A reason before its text is rendered: rendering costs regex passes, and most are never shown. */
interface PendingReason {
  ruleId: string;
  kind: 'engagement' | 'fit';
  points: number;
  /** A high-intent action (a demo request): the reason sales needs to hear first. */
  decisive?: boolean;
  render: () => Reason;
}

/** Reasons by strength: more points first, then by rule id. */
const strengthOrder = (points: number, ruleId: string, thanPoints: number, thanId: string): number =>
  thanPoints - points || ruleId.localeCompare(thanId);
const byStrength = (a: { points: number; ruleId: string }, b: { points: number; ruleId: string }) =>
  strengthOrder(a.points, a.ruleId, b.points, b.ruleId);

function renderFit(rule: FitRule, hit: TraitEntry): Reason {
  const value = hit.value === null ? null : String(hit.value);
  const text = renderReason(rule.text, { count: 1, firstTs: hit.setAt, lastTs: hit.setAt, path: null, value });
  return { text, ruleId: rule.id, points: rule.points, eventSeqs: hit.seq === null ? [] : [hit.seq] };
}

function renderEngagement(rule: EngagementRule, acc: RuleAccumulator, pointsDecayed: number): Reason {
  const template = acc.count === 1 ? rule.text : rule.textMany;
  const facts = { count: acc.count, firstTs: acc.firstTs, lastTs: acc.lastTs, path: mostFrequent(acc.paths), value: null };
  return { text: renderReason(template, facts), ruleId: rule.id, points: pointsDecayed, eventSeqs: [...acc.seqs] };
}

function fitParts(rules: CompiledRules, traits: Traits): { fit: number; breakdown: RuleBreakdown[]; pending: PendingReason[] } {
  let fit = 0;
  const breakdown: RuleBreakdown[] = [];
  const pending: PendingReason[] = [];
  for (const rule of rules.fit) {
    const hit = rule.test(traits);
    if (!hit) continue;
    fit += rule.points;
    breakdown.push({
      ruleId: rule.id,
      label: rule.label,
      kind: 'fit',
      pointsRaw: rule.points,
      cappedBy: 0,
      pointsDecayed: rule.points,
      events: [],
    });
    pending.push({ ruleId: rule.id, kind: 'fit', points: rule.points, render: () => renderFit(rule, hit) });
  }
  return { fit, breakdown, pending };
}

/** Fit points alone (the same sum `fitOf` makes, without breakdown or reason texts). */
export function fitPoints(rules: CompiledRules, traits: Traits): number {
  let fit = 0;
  for (const rule of rules.fit) if (rule.test(traits)) fit += rule.points;
  return fit;
}

export function fitOf(rules: CompiledRules, traits: Traits): { fit: number; breakdown: RuleBreakdown[]; reasons: Reason[] } {
  const { fit, breakdown, pending } = fitParts(rules, traits);
  return { fit, breakdown, reasons: pending.map((p) => p.render()) };
}

/** Every rule's reason, strongest first, not yet rendered; the breakdown only when asked (`headline` shows none). */
function pendingReasons(rules: CompiledRules, state: EngagementState, traits: Traits, now: number, withBreakdown = true) {
  const decay = decayFactor(rules.halfLifeMs, state.epochMs, now);
  const breakdown: RuleBreakdown[] = [];
  const pending: PendingReason[] = [];
  for (const rule of rules.engagement) {
    const acc = state.rules[rule.id];
    if (!acc) continue;
    const pointsDecayed = acc.k * decay;
    if (withBreakdown)
      breakdown.push({
        ruleId: rule.id,
        label: rule.label,
        kind: 'engagement',
        pointsRaw: acc.raw,
        cappedBy: acc.raw - acc.awarded,
        pointsDecayed,
        events: [],
      });
    const render = () => renderEngagement(rule, acc, pointsDecayed);
    pending.push({ ruleId: rule.id, kind: 'engagement', points: pointsDecayed, decisive: rule.highIntent, render });
  }
  const fit = fitParts(rules, traits);
  breakdown.push(...fit.breakdown);
  pending.push(...fit.pending);
  pending.sort(byStrength);
  return { fit: fit.fit, breakdown, pending };
}

/** What the lead row and alerts show: the totals, the top reasons, and the strongest engagement and fit reason. */
export interface ScoreHeadline {
  total: number;
  fit: number;
  top: () => Reason[];
  topEngagement: Reason | null;
  topFit: Reason | null;
}

/**
 * `summarize` for the projection: renders only the reasons it shows (same values as summarize's).
 * The two the lead row shows are found without listing and sorting every reason (each lead written,
 * and every lead a rescore compares, asks for them); `top` lists them on demand.
 */
export function headline(rules: CompiledRules, state: EngagementState, traits: Traits, now: number): ScoreHeadline {
  const decay = decayFactor(rules.halfLifeMs, state.epochMs, now);
  // The first positive reason in `byStrength` order (a stable sort keeps the first of equals: only a stronger one replaces it).
  let strongest: EngagementRule | null = null;
  let strongestPoints = 0;
  let decisive: EngagementRule | null = null;
  let decisivePoints = 0;
  for (const rule of rules.engagement) {
    const acc = state.rules[rule.id];
    if (!acc) continue;
    const points = acc.k * decay;
    if (!(points > 0)) continue;
    if (!strongest || stronger(points, rule.id, strongestPoints, strongest.id)) {
      strongest = rule;
      strongestPoints = points;
    }
    if (rule.highIntent && (!decisive || stronger(points, rule.id, decisivePoints, decisive.id))) {
      decisive = rule;
      decisivePoints = points;
    }
  }
  let fit = 0;
  let fitTop: FitRule | null = null;
  let fitHit: TraitEntry | null = null;
  for (const rule of rules.fit) {
    const hit = rule.test(traits);
    if (!hit) continue;
    fit += rule.points;
    if (rule.points > 0 && (!fitTop || stronger(rule.points, rule.id, fitTop.points, fitTop.id))) {
      fitTop = rule;
      fitHit = hit;
    }
  }
  // The list's "why": a decisive action outranks more points from browsing.
  const [engagementTop, engagementPoints] = decisive ? [decisive, decisivePoints] : [strongest, strongestPoints];
  return {
    total: engagementAt(state, rules.halfLifeMs, now) + fit,
    fit,
    // Rendered on demand: a rescore asks for `top` only on a stage change.
    top: () =>
      pendingReasons(rules, state, traits, now, false)
        .pending.filter((p) => p.points > 0)
        .slice(0, rules.topReasons)
        .map((p) => p.render()),
    topEngagement: engagementTop && renderEngagement(engagementTop, state.rules[engagementTop.id]!, engagementPoints),
    topFit: fitTop && renderFit(fitTop, fitHit!),
  };
}

/** True when (points, ruleId) comes before (thanPoints, thanId) in `byStrength` order. */
function stronger(points: number, ruleId: string, thanPoints: number, thanId: string): boolean {
  return strengthOrder(points, ruleId, thanPoints, thanId) < 0;
}

/**
 * `summarize`'s total and the ids of its breakdown rules with points (`pointsRaw` ≠ 0), in the same
 * order and to the bit, without breakdown objects or reason texts: what the backtest compares.
 */
export function totalAndRules(
  rules: CompiledRules,
  state: EngagementState,
  traits: Traits,
  now: number,
): { total: number; ruleIds: string[] } {
  return totalOf(rules, (rule) => (state.rules[rule.id]?.raw ?? 0) !== 0, engagementAt(state, rules.halfLifeMs, now), traits);
}

/**
 * `totalAndRules` from its parts: which engagement rules earned raw points (`earned`, by rule and
 * its index in `rules.engagement`), the engagement at the moment asked, and the traits. The fast
 * replay's lean outcome gives them without building the full engagement state.
 */
export function totalOf(
  rules: CompiledRules,
  earned: (rule: EngagementRule, index: number) => boolean,
  engagement: number,
  traits: Traits,
): { total: number; ruleIds: string[] } {
  const ruleIds: string[] = [];
  rules.engagement.forEach((rule, i) => {
    if (earned(rule, i)) ruleIds.push(rule.id);
  });
  let fit = 0;
  for (const rule of rules.fit) {
    if (!rule.test(traits)) continue;
    fit += rule.points;
    if (rule.points !== 0) ruleIds.push(rule.id);
  }
  return { total: engagement + fit, ruleIds };
}

/**
 * The score as of `now` from an engagement state (incremental or replayed) and the traits. Rule
 * breakdowns here carry no per-event list; `score()` adds it.
 */
export function summarize(rules: CompiledRules, state: EngagementState, traits: Traits, now: number): ScoreSummary {
  const { fit, breakdown, pending } = pendingReasons(rules, state, traits, now);
  const reasons = pending.map((p) => p.render());
  const engagement = engagementAt(state, rules.halfLifeMs, now);
  const met = bantMet(rules, traits);
  const count = Object.values(met).filter(Boolean).length;
  return {
    total: engagement + fit,
    engagement,
    fit,
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
export function score(
  rules: CompiledRules,
  events: readonly ScoringEvent[],
  traits: Traits,
  now: number,
): ScoreSummary & { state: EngagementState } {
  const perRule = new Map<string, BreakdownEvent[]>();
  const state = replayEngagement(rules, events, (event, awards) => {
    for (const a of awards) {
      const list = perRule.get(a.rule.id) ?? [];
      list.push({
        seq: event.seq,
        type: event.type,
        ts: event.ts,
        path: event.path,
        points: a.points,
        decayed: a.points * decayFactor(rules.halfLifeMs, event.ts, now),
      });
      perRule.set(a.rule.id, list);
    }
  });
  const summary = summarize(rules, state, traits, now);
  for (const b of summary.breakdown) b.events = perRule.get(b.ruleId) ?? [];
  return { ...summary, state };
}
