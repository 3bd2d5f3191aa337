import type { CompiledRules, ScoringEvent } from '../rules/compile.js';
import { decayFactor, foldMatchedEvent, type EngagementState } from '../scoring/engagement.js';
import type { ReplayEvent } from './replay.js';

/** Rebase threshold of the engagement fold (engagement.ts), mirrored by the running total below. */
const MAX_HALF_LIVES = 512;

/** A copy twice as long, for buffers that grow with the longest history seen. */
function grown<T extends Float64Array | Int32Array>(buffer: T): T {
  const bigger = new (buffer.constructor as new (n: number) => T)(buffer.length * 2);
  bigger.set(buffer);
  return bigger;
}

/**
 * The fast replay's running engagement fold: the total (k at an epoch, as engagement.ts keeps it)
 * and the latest high-intent time, folded event by event with no per-event allocation, each
 * event's rules matched once (`matchAll`). The state before each folded position is saved, so an
 * event from the past re-folds from its own position on (`refold`), not from the first event.
 * One fold serves many leads under one rule set and reuses its buffers.
 */
export function createRunningFold(rules: CompiledRules) {
  const ruleList = rules.engagement;
  const h = rules.halfLifeMs;
  // Each capped rule's awards in fold order (times and points), as buffers and a length: a reset or
  // a restore only moves the length back (truncating the arrays themselves cost a runtime call each).
  const windowTs = ruleList.map(() => [] as number[]);
  const windowPts = ruleList.map(() => [] as number[]);
  const windowLength = new Int32Array(ruleList.length);
  const windowStart = new Int32Array(ruleList.length);
  let matchFrom = new Int32Array(64);
  let matchTo = new Int32Array(64);
  let matched = new Int32Array(256);
  // Per rule: whether any of the lead's events matched it (`matchAll`), for the lean outcome's rule ids.
  const anyMatch = new Uint8Array(ruleList.length);
  // The fold's numbers (k, its epoch, the last folded time, the latest high-intent time, NaN for
  // none) in a typed array: as closure variables each new double was boxed, a heap number per
  // event folded.
  const num = new Float64Array(4);
  const K = 0;
  const EPOCH = 1;
  const LAST_TS = 2;
  const HIGH_INTENT = 3;
  num[HIGH_INTENT] = Number.NaN;
  // engagementAt's last question and answer: k, epoch, t, total (NaN: none yet).
  const last = new Float64Array(4).fill(Number.NaN);
  let hasLast = false;
  let lastSeq = 0;
  // The fold's state before each position of `order` (k, epoch, latest high-intent time, and each
  // rule's cap window as its length and start): the prefix before a late event is kept as folded.
  let folded = 0;
  let savedK = new Float64Array(64);
  let savedEpoch = new Float64Array(64);
  let savedHighIntent = new Float64Array(64);
  let savedWindows = new Int32Array(64 * 2 * ruleList.length);
  let inStep = new Uint8Array(64);
  // Each event's growth factor 2^((ts − epoch)/h) and the epoch it was computed against (NaN: not
  // yet): a re-fold after a late event folds the same events against the same epoch again, and
  // the final fold too, so Math.pow runs about once per event.
  let growthOf = new Float64Array(64);
  let growthEpoch = new Float64Array(64);

  function matchAll(events: readonly ReplayEvent[]): void {
    if (matchFrom.length < events.length) {
      matchFrom = new Int32Array(events.length * 2);
      matchTo = new Int32Array(events.length * 2);
      growthOf = new Float64Array(events.length * 2);
      growthEpoch = new Float64Array(events.length * 2);
    }
    growthEpoch.fill(Number.NaN, 0, events.length);
    anyMatch.fill(0);
    let n = 0;
    for (let i = 0; i < events.length; i++) {
      matchFrom[i] = n;
      for (let r = 0; r < ruleList.length; r++) {
        if (!ruleList[r]!.matches(events[i]!)) continue;
        if (n === matched.length) matched = Int32Array.from({ length: n * 2 }, (_, j) => (j < n ? matched[j]! : 0));
        matched[n++] = r;
        anyMatch[r] = 1;
      }
      matchTo[i] = n;
    }
  }

  /** What a capped rule awards at ts: the fold's sliding window, over the awards kept in order. */
  function award(r: number, ts: number): number {
    const rule = ruleList[r]!;
    if (rule.capPoints === null) return rule.points;
    const tss = windowTs[r]!;
    const pts = windowPts[r]!;
    const length = windowLength[r]!;
    let start = windowStart[r]!;
    while (start < length && tss[start]! <= ts - rule.capWindowMs) start++;
    windowStart[r] = start;
    let used = 0;
    for (let j = start; j < length; j++) used = used + Math.abs(pts[j]!);
    const room = Math.max(0, rule.capPoints - used);
    const points = Math.sign(rule.points) * Math.min(Math.abs(rule.points), room) || 0;
    if (points !== 0) {
      tss[length] = ts;
      pts[length] = points;
      windowLength[r] = length + 1;
    }
    return points;
  }

  function save(at: number): void {
    if (at === savedK.length) {
      savedK = grown(savedK);
      savedEpoch = grown(savedEpoch);
      savedHighIntent = grown(savedHighIntent);
      savedWindows = grown(savedWindows);
    }
    savedK[at] = num[K]!;
    savedEpoch[at] = num[EPOCH]!;
    savedHighIntent[at] = num[HIGH_INTENT]!;
    const w = at * 2 * ruleList.length;
    for (let r = 0; r < ruleList.length; r++) {
      savedWindows[w + 2 * r] = windowLength[r]!;
      savedWindows[w + 2 * r + 1] = windowStart[r]!;
    }
  }

  /** Back to the state before position `at` of `order` (at > 0: saved by the fold). */
  function restore(at: number): void {
    if (at === 0) return reset();
    num[K] = savedK[at]!;
    num[EPOCH] = savedEpoch[at]!;
    num[HIGH_INTENT] = savedHighIntent[at]!;
    hasLast = true;
    const w = at * 2 * ruleList.length;
    for (let r = 0; r < ruleList.length; r++) {
      windowLength[r] = savedWindows[w + 2 * r]!;
      windowStart[r] = savedWindows[w + 2 * r + 1]!;
    }
    folded = at;
  }

  function fold(event: ReplayEvent, i: number): void {
    save(folded++);
    if (!hasLast) num[EPOCH] = event.ts;
    else if ((event.ts - num[EPOCH]!) / h > MAX_HALF_LIVES) {
      num[K] = num[K]! * decayFactor(h, num[EPOCH]!, event.ts);
      num[EPOCH] = event.ts;
    }
    const epoch = num[EPOCH]!;
    hasLast = true;
    num[LAST_TS] = event.ts;
    lastSeq = event.seq;
    if (growthEpoch[i] !== epoch) {
      growthOf[i] = decayFactor(h, event.ts, epoch);
      growthEpoch[i] = epoch;
    }
    const growth = growthOf[i]!;
    for (let m = matchFrom[i]!; m < matchTo[i]!; m++) {
      const r = matched[m]!;
      num[K] = num[K]! + award(r, event.ts) * growth;
      if (ruleList[r]!.highIntent) num[HIGH_INTENT] = event.ts;
    }
  }

  function reset(): void {
    num[K] = 0;
    folded = 0;
    hasLast = false;
    num[HIGH_INTENT] = Number.NaN;
    windowLength.fill(0);
    windowStart.fill(0);
  }

  /** Folds `order` again (just sorted) from the first position that holds one of the step's events (`steps[stepFrom…stepTo)`). */
  function refold(
    events: readonly ReplayEvent[],
    order: readonly number[],
    steps: readonly number[],
    stepFrom: number,
    stepTo: number,
  ): void {
    if (inStep.length < events.length) inStep = new Uint8Array(events.length * 2);
    for (let j = stepFrom; j < stepTo; j++) inStep[steps[j]!] = 1;
    let from = 0;
    while (!inStep[order[from]!]) from++;
    for (let j = stepFrom; j < stepTo; j++) inStep[steps[j]!] = 0;
    restore(from);
    for (let p = from; p < order.length; p++) fold(events[order[p]!]!, order[p]!);
  }

  return {
    matchAll,
    fold,
    reset,
    refold,
    /** Folds event i into the full engagement state (the final fold) with the rules `matchAll` matched for it. */
    foldFull(state: EngagementState, event: ScoringEvent, i: number): void {
      foldMatchedEvent(rules, state, event, matched, matchFrom[i]!, matchTo[i]!, growthEpoch[i]!, growthOf[i]!);
    },
    /**
     * The engagement total at t. Remembered for the last (k, epoch, t): a step's timer search asks
     * again for the time the previous step's evaluation asked for, with nothing folded between.
     */
    engagementAt(t: number): number {
      if (num[K] === 0) return 0;
      if (num[K] === last[0] && num[EPOCH] === last[1] && t === last[2]) return last[3]!;
      last[0] = num[K]!;
      last[1] = num[EPOCH]!;
      last[2] = t;
      return (last[3] = num[K]! * decayFactor(h, num[EPOCH]!, t));
    },
    get highIntentTs(): number | null {
      const ts = num[HIGH_INTENT]!;
      return Number.isNaN(ts) ? null : ts;
    },
    /** True when the event does not come after everything folded so far. */
    isLate: (e: ScoringEvent) => hasLast && (e.ts < num[LAST_TS]! || (e.ts === num[LAST_TS] && e.seq <= lastSeq)),
    /** True when one of the events of the last `matchAll` matched rule r: every event is folded, so the rule earned raw points. */
    matchedAny: (r: number) => anyMatch[r] === 1,
    isHighIntent(i: number): boolean {
      for (let m = matchFrom[i]!; m < matchTo[i]!; m++) if (ruleList[matched[m]!]!.highIntent) return true;
      return false;
    },
    /** The rule of event i's strongest match above `points` (the first of equals), or -1. */
    strongest(i: number, points: number): number {
      let best = -1;
      for (let m = matchFrom[i]!; m < matchTo[i]!; m++) {
        const r = matched[m]!;
        if (ruleList[r]!.points > points) {
          best = r;
          points = ruleList[r]!.points;
        }
      }
      return best;
    },
  };
}
export type RunningFold = ReturnType<typeof createRunningFold>;
