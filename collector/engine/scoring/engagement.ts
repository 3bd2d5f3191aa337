import type { CompiledRules, EngagementRule, ScoringEvent } from '../rules/compile.js';

/**
 * Engagement as a fold over a lead's events in (ts, seq) order. The state is plain JSON (stored
 * per lead) so ingest can continue the fold where it stopped; a full replay runs the same fold
 * from the start, which is why incremental results equal replayed ones.
 *
 * Decay: an award of p points at time ts is worth p·2^(−(now−ts)/h) at `now`. With one half-life
 * the decayed sum is k·2^(−(now−epoch)/h) where k = Σ p·2^((ts−epoch)/h): one number per lead that
 * does not change as time passes.
 *
 * Caps: a rule with a cap of P points per D days awards an event only what keeps the (magnitude of
 * the) points it awarded in the D days up to that event at most P; the rest is "cut by the cap".
 */
export interface RuleAccumulator {
  /** Matching events. */
  count: number;
  /** Σ points before caps and decay. */
  raw: number;
  /** Σ points awarded (after caps, before decay). */
  awarded: number;
  /** Σ awarded·2^((ts−epoch)/h). */
  k: number;
  firstTs: number;
  lastTs: number;
  /** Awards still inside the cap window: [ts, points]. */
  window: [number, number][];
  /** How often each path matched, for "{path}" in reasons (at most MAX_PATHS paths). */
  paths: Record<string, number>;
  /** The latest matching events, for the reason's evidence. */
  seqs: number[];
}

export interface EngagementState {
  v: 1;
  /** Reference time of the k values; moved forward (rebased) before exponents grow too large. */
  epochMs: number;
  k: number;
  /** The (ts, seq) of the last event folded in; later events must come after it. */
  last: [number, number] | null;
  rules: Record<string, RuleAccumulator>;
  /** Latest high-intent action (time and event). */
  highIntentTs: number | null;
  highIntentSeq: number | null;
  /** Where a late event's re-fold starts (see incremental.ts); absent in states stored before it existed. */
  checkpoint?: Checkpoint;
}

/**
 * The fold as of an earlier point of the lead's events in (ts, seq) order, so an event older than
 * `last` but newer than that point re-folds only the events after it (`tail` of them, all with
 * seq ≥ `fromSeq`), not the lead's whole history. `state: null` is the initial state (`at` 0).
 */
export interface Checkpoint {
  state: Omit<EngagementState, 'checkpoint'> | null;
  /** Events folded into `state`. */
  at: number;
  tail: number;
  fromSeq: number;
}

const MAX_PATHS = 50;
const MAX_SEQS = 10;
/** Rebase when k's exponent exceeds this many half-lives (2^512 is far from overflow). */
const MAX_HALF_LIVES = 512;

export function initialEngagement(): EngagementState {
  return { v: 1, epochMs: 0, k: 0, last: null, rules: {}, highIntentTs: null, highIntentSeq: null };
}

export function decayFactor(halfLifeMs: number, fromMs: number, toMs: number): number {
  return Math.pow(2, (fromMs - toMs) / halfLifeMs);
}

/** Engagement points as of `now`. */
export function engagementAt(state: EngagementState, halfLifeMs: number, now: number): number {
  return state.k === 0 ? 0 : state.k * decayFactor(halfLifeMs, state.epochMs, now);
}

/** True when the event comes after everything already folded in. */
export function isAfter(state: EngagementState, event: Pick<ScoringEvent, 'ts' | 'seq'>): boolean {
  const last = state.last;
  return last === null || event.ts > last[0] || (event.ts === last[0] && event.seq > last[1]);
}

export function compareEvents(a: Pick<ScoringEvent, 'ts' | 'seq'>, b: Pick<ScoringEvent, 'ts' | 'seq'>): number {
  return a.ts - b.ts || a.seq - b.seq;
}

function rebase(state: EngagementState, halfLifeMs: number, epochMs: number): void {
  const factor = decayFactor(halfLifeMs, state.epochMs, epochMs);
  state.k *= factor;
  for (const acc of Object.values(state.rules)) acc.k *= factor;
  state.epochMs = epochMs;
}

/** What one event earned under one rule; `points` is after the cap. */
export interface Award {
  rule: EngagementRule;
  raw: number;
  points: number;
}

function award(rule: EngagementRule, acc: RuleAccumulator, ts: number): number {
  if (rule.capPoints === null) return rule.points;
  const from = ts - rule.capWindowMs;
  // Awards are folded in ts order, so the expired ones are a prefix: dropped in place, not copied.
  const window = acc.window;
  let expired = 0;
  while (expired < window.length && window[expired]![0] <= from) expired++;
  if (expired) window.splice(0, expired);
  let used = 0;
  for (let i = 0; i < window.length; i++) used = used + Math.abs(window[i]![1]);
  const room = Math.max(0, rule.capPoints - used);
  const points = Math.sign(rule.points) * Math.min(Math.abs(rule.points), room) || 0;
  if (points !== 0) acc.window.push([ts, points]);
  return points;
}

function accumulator(ts: number): RuleAccumulator {
  return { count: 0, raw: 0, awarded: 0, k: 0, firstTs: ts, lastTs: ts, window: [], paths: {}, seqs: [] };
}

/**
 * Checks the event comes after the state's last, rebases when due; returns the event's growth
 * factor: `known` when the caller computed it against the epoch it ends up at (`knownEpoch`).
 */
function beginEvent(rules: CompiledRules, state: EngagementState, event: ScoringEvent, knownEpoch = Number.NaN, known = 0): number {
  if (!isAfter(state, event)) throw new Error(`event ${event.seq} is out of order; replay the lead instead`);
  if (state.last === null) state.epochMs = event.ts;
  else if ((event.ts - state.epochMs) / rules.halfLifeMs > MAX_HALF_LIVES) rebase(state, rules.halfLifeMs, event.ts);
  // The pair is updated in place (one per lead, not one per event): states are copied deeply (checkpoints).
  const last = state.last;
  if (last === null) state.last = [event.ts, event.seq];
  else {
    last[0] = event.ts;
    last[1] = event.seq;
  }
  return state.epochMs === knownEpoch ? known : decayFactor(rules.halfLifeMs, event.ts, state.epochMs);
}

/** Folds what one rule the event matches awards it; returns the points (after the cap). */
function foldAward(rule: EngagementRule, state: EngagementState, event: ScoringEvent, growth: number): number {
  const acc = (state.rules[rule.id] ??= accumulator(event.ts));
  const points = award(rule, acc, event.ts);
  acc.count++;
  acc.raw += rule.points;
  acc.awarded += points;
  acc.k += points * growth;
  acc.lastTs = event.ts;
  if (event.path !== null && (event.path in acc.paths || Object.keys(acc.paths).length < MAX_PATHS))
    acc.paths[event.path] = (acc.paths[event.path] ?? 0) + 1;
  acc.seqs.push(event.seq);
  if (acc.seqs.length > MAX_SEQS) acc.seqs.shift();
  state.k += points * growth;
  if (rule.highIntent) {
    state.highIntentTs = event.ts;
    state.highIntentSeq = event.seq;
  }
  return points;
}

/**
 * Folds one event in (mutating `state`). The event must come after `state.last` (see isAfter).
 * Returns the awards it earned, for breakdowns.
 */
export function foldEvent(rules: CompiledRules, state: EngagementState, event: ScoringEvent): Award[] {
  const growth = beginEvent(rules, state, event);
  const awards: Award[] = [];
  for (const rule of rules.engagement) {
    if (rule.matches(event)) awards.push({ rule, raw: rule.points, points: foldAward(rule, state, event, growth) });
  }
  return awards;
}

/**
 * `foldEvent` for a caller that matched the event already (the rescore's replay matches each event
 * once): `matched[from…to)` are the indices into `rules.engagement` of the rules it matches, in
 * rule order; `growth` is its growth factor against `growthEpoch` (used when the state's epoch is
 * that one, else computed). The same steps, so the same state to the bit; no awards list.
 */
export function foldMatchedEvent(
  rules: CompiledRules,
  state: EngagementState,
  event: ScoringEvent,
  matched: ArrayLike<number>,
  from: number,
  to: number,
  growthEpoch: number,
  growth: number,
): void {
  growth = beginEvent(rules, state, event, growthEpoch, growth);
  for (let m = from; m < to; m++) foldAward(rules.engagement[matched[m]!]!, state, event, growth);
}

/** Folds a lead's events from scratch (any order in; folded in (ts, seq) order). */
export function replayEngagement(
  rules: CompiledRules,
  events: readonly ScoringEvent[],
  onEvent?: (event: ScoringEvent, awards: Award[]) => void,
): EngagementState {
  const state = initialEngagement();
  for (const event of [...events].sort(compareEvents)) {
    const awards = foldEvent(rules, state, event);
    onEvent?.(event, awards);
  }
  return state;
}
