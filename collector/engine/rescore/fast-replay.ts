import { FIXED_CAUSES, ruleCause, type ChangeCause } from '../../events/domain.js';
import type { CompiledRules, ScoringEvent } from '../rules/compile.js';
import { decayFactor } from '../scoring/engagement.js';
import { foldSorted } from '../scoring/incremental.js';
import { applyTraits } from '../identity/traits.js';
import { advanceModel, createLeadModel, machineContext, scoreTraits, type LeadModel } from '../stages/lead-model.js';
import { ACTIONS, advance, applyAction, evaluate, type Action, type Snapshot, type Transition } from '../stages/machine.js';
import { identifyingEmail } from '../projection/index.js';
import type { ReplayAction, ReplayEvent } from './replay.js';

/** Rebase threshold of the engagement fold (engagement.ts), mirrored by the running total below. */
const MAX_HALF_LIVES = 512;

/** A copy twice as long, for buffers that grow with the longest history seen. */
function grown<T extends Float64Array | Int32Array>(buffer: T): T {
  const bigger = new (buffer.constructor as new (n: number) => T)(buffer.length * 2);
  bigger.set(buffer);
  return bigger;
}

const bySortKey = (events: readonly ScoringEvent[]) => (a: number, b: number) =>
  events[a]!.ts - events[b]!.ts || events[a]!.seq - events[b]!.seq;

/**
 * `replayLead` (replay.ts) made fast, with the same result to the bit: the same steps in the same
 * order, but between steps the stage machine needs only the engagement total, the latest
 * high-intent time and the trait scores. So each event's rules are matched once; the total is
 * kept by a running fold with no per-event allocation (recomputed over the sorted events only
 * when an event arrives out of order); fit and BANT are recomputed only when a trait changes; and
 * the full engagement state (breakdowns, reasons, checkpoint) is folded once, at the end.
 * One replayer serves many leads under one rule set and reuses its buffers.
 */
export function createReplayer(rules: CompiledRules) {
  const ruleList = rules.engagement;
  const h = rules.halfLifeMs;
  const ctx = machineContext(rules);
  const causeText = ruleList.map((r) => ruleCause(r.text.replace(/\s*\{[a-z]+\}/g, '').trim()));
  const windowTs = ruleList.map(() => [] as number[]);
  const windowPts = ruleList.map(() => [] as number[]);
  const windowStart = new Int32Array(ruleList.length);
  let matchFrom = new Int32Array(64);
  let matchTo = new Int32Array(64);
  let matched = new Int32Array(256);
  const order: number[] = [];
  const steps: number[] = [];
  // The running fold: the engagement total and what the machine reads of it.
  let k = 0;
  let epoch = 0;
  let hasLast = false;
  let lastTs = 0;
  let lastSeq = 0;
  let highIntentTs: number | null = null;
  // The fold's state before each position of `order` (k, epoch, latest high-intent time, and each
  // rule's cap window as its length and start), so an event from the past re-folds from its own
  // position on, not from the first event: the prefix before it is folded exactly as before.
  let folded = 0;
  let savedK = new Float64Array(64);
  let savedEpoch = new Float64Array(64);
  let savedHighIntent = new Float64Array(64);
  let savedWindows = new Int32Array(64 * 2 * ruleList.length);
  let inStep = new Uint8Array(64);
  const snap: Snapshot = { engagementAt: (t) => (k === 0 ? 0 : k * decayFactor(h, epoch, t)), fit: 0, bant: 0, highIntentTs: null };

  function matchAll(events: readonly ReplayEvent[]): void {
    if (matchFrom.length < events.length) {
      matchFrom = new Int32Array(events.length * 2);
      matchTo = new Int32Array(events.length * 2);
    }
    let n = 0;
    for (let i = 0; i < events.length; i++) {
      matchFrom[i] = n;
      for (let r = 0; r < ruleList.length; r++) {
        if (!ruleList[r]!.matches(events[i]!)) continue;
        if (n === matched.length) matched = Int32Array.from({ length: n * 2 }, (_, j) => (j < n ? matched[j]! : 0));
        matched[n++] = r;
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
    let start = windowStart[r]!;
    while (start < tss.length && tss[start]! <= ts - rule.capWindowMs) start++;
    windowStart[r] = start;
    let used = 0;
    for (let j = start; j < pts.length; j++) used = used + Math.abs(pts[j]!);
    const room = Math.max(0, rule.capPoints - used);
    const points = Math.sign(rule.points) * Math.min(Math.abs(rule.points), room) || 0;
    if (points !== 0) {
      tss.push(ts);
      pts.push(points);
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
    savedK[at] = k;
    savedEpoch[at] = epoch;
    savedHighIntent[at] = highIntentTs ?? Number.NaN;
    const w = at * 2 * ruleList.length;
    for (let r = 0; r < ruleList.length; r++) {
      savedWindows[w + 2 * r] = windowTs[r]!.length;
      savedWindows[w + 2 * r + 1] = windowStart[r]!;
    }
  }

  /** Back to the state before position `at` of `order` (at > 0: saved by the fold). */
  function restore(at: number): void {
    if (at === 0) return reset();
    k = savedK[at]!;
    epoch = savedEpoch[at]!;
    const hi = savedHighIntent[at]!;
    highIntentTs = Number.isNaN(hi) ? null : hi;
    hasLast = true;
    const w = at * 2 * ruleList.length;
    for (let r = 0; r < ruleList.length; r++) {
      windowTs[r]!.length = savedWindows[w + 2 * r]!;
      windowPts[r]!.length = savedWindows[w + 2 * r]!;
      windowStart[r] = savedWindows[w + 2 * r + 1]!;
    }
    folded = at;
  }

  function fold(event: ReplayEvent, i: number): void {
    save(folded++);
    if (!hasLast) epoch = event.ts;
    else if ((event.ts - epoch) / h > MAX_HALF_LIVES) {
      k *= decayFactor(h, epoch, event.ts);
      epoch = event.ts;
    }
    hasLast = true;
    lastTs = event.ts;
    lastSeq = event.seq;
    const growth = decayFactor(h, event.ts, epoch);
    for (let m = matchFrom[i]!; m < matchTo[i]!; m++) {
      const r = matched[m]!;
      k += award(r, event.ts) * growth;
      if (ruleList[r]!.highIntent) highIntentTs = event.ts;
    }
  }

  function reset(): void {
    k = 0;
    folded = 0;
    hasLast = false;
    highIntentTs = null;
    for (let r = 0; r < ruleList.length; r++) {
      windowTs[r]!.length = 0;
      windowPts[r]!.length = 0;
      windowStart[r] = 0;
    }
  }

  /** Folds `order` again (just sorted) from the first position that holds one of the step's events. */
  function refold(events: readonly ReplayEvent[], stepFrom: number, stepTo: number): void {
    if (inStep.length < events.length) inStep = new Uint8Array(events.length * 2);
    for (let j = stepFrom; j < stepTo; j++) inStep[steps[j]!] = 1;
    let from = 0;
    while (!inStep[order[from]!]) from++;
    for (let j = stepFrom; j < stepTo; j++) inStep[steps[j]!] = 0;
    restore(from);
    for (let p = from; p < order.length; p++) fold(events[order[p]!]!, order[p]!);
  }

  const isHighIntent = (i: number) => {
    for (let m = matchFrom[i]!; m < matchTo[i]!; m++) if (ruleList[matched[m]!]!.highIntent) return true;
    return false;
  };

  return {
    /** The lead's model and full history, exactly as `replayLead` builds them. */
    replay(
      email: string,
      events: readonly ReplayEvent[],
      actions: readonly ReplayAction[],
      to: number,
    ): { model: LeadModel; transitions: Transition[] } | null {
      if (!events.length) return null;
      matchAll(events);
      const stepOf = (i: number) => events[i]!.attributedSeq ?? events[i]!.seq;
      steps.length = 0;
      for (let i = 0; i < events.length; i++) steps.push(i);
      steps.sort((a, b) => stepOf(a) - stepOf(b) || events[a]!.seq - events[b]!.seq);
      const pending = [...actions].sort((a, b) => a.afterSeq - b.afterSeq || a.id - b.id);
      let next = 0;
      order.length = 0;
      reset();
      let model: LeadModel | null = null;
      const transitions: Transition[] = [];
      const sortKey = bySortKey(events);

      const runActions = (beforeSeq: number) => {
        while (model && next < pending.length && pending[next]!.afterSeq < beforeSeq) {
          const a = pending[next++]!;
          if (!(ACTIONS as readonly string[]).includes(a.action)) continue;
          const at = Math.max(model.machine.at, a.at);
          transitions.push(...advance(ctx, model.machine, snap, at), ...applyAction(ctx, model.machine, snap, a.action as Action, at));
        }
      };

      for (let s = 0; s < steps.length;) {
        const seq = stepOf(steps[s]!);
        let end = s;
        let key = -1;
        while (end < steps.length && stepOf(steps[end]!) === seq) {
          if (events[steps[end]!]!.seq === seq) key = steps[end]!;
          end++;
        }
        if (key < 0) key = steps[end - 1]!;
        runActions(seq);
        const keyEvent = events[key]!;
        let createdNow: Transition | null = null;
        if (!model) {
          const created = createLeadModel(email, keyEvent.receivedAt, keyEvent.seq);
          model = created.model;
          createdNow = created.transitions[0]!;
          transitions.push(...created.transitions);
          Object.assign(snap, scoreTraits(rules, model.traits));
        }
        const m = model.machine;
        const at = Math.max(m.at, keyEvent.receivedAt);
        transitions.push(...advance(ctx, m, snap, at));
        const before = snap.engagementAt(at);

        // Fold the step's events: in order, or (one came from the past) again over all, sorted.
        let inOrder = true;
        for (let j = s; j < end; j++) {
          const e = events[steps[j]!]!;
          if (hasLast && (e.ts < lastTs || (e.ts === lastTs && e.seq <= lastSeq))) inOrder = false;
        }
        const firstNew = order.length;
        for (let j = s; j < end; j++) order.push(steps[j]!);
        if (inOrder) {
          const fresh = order.splice(firstNew).sort(sortKey);
          for (const i of fresh) {
            order.push(i);
            fold(events[i]!, i);
          }
        } else {
          order.sort(sortKey);
          refold(events, s, end);
        }
        snap.highIntentTs = highIntentTs;

        // Traits (identify and form events only), in (ts, seq) order; fit and BANT when one changed.
        let traitsChanged = false;
        const traitEvents = steps.slice(s, end).filter((i) => events[i]!.type === 'identify' || events[i]!.type === 'form');
        if (traitEvents.length) {
          traitEvents.sort(sortKey);
          for (const i of traitEvents) if (applyTraits(model.traits, events[i]!).length) traitsChanged = true;
        }
        if (traitsChanged) Object.assign(snap, scoreTraits(rules, model.traits));

        if (m.rejectedAt !== null) {
          const after = snap.engagementAt(at);
          const carried = m.since.value * Math.pow(2, (m.since.at - at) / h);
          m.since = { value: carried + (after - before), at };
          for (let j = s; j < end; j++) {
            const e = events[steps[j]!]!;
            if (e.ts > m.rejectedAt && isHighIntent(steps[j]!) && (m.highIntentSinceTs === null || e.ts > m.highIntentSinceTs))
              m.highIntentSinceTs = e.ts;
          }
        }

        // The step's cause (as causeOfStep): an identify is credited for what the identifying event itself
        // did, else "identified"; any other step for its strongest rule (events in log order), else its type.
        const identifies = identifyingEmail(keyEvent) !== null;
        let best = -1;
        let bestPoints = 0;
        for (let j = identifies ? 0 : s; j < (identifies ? 1 : end); j++) {
          const i = identifies ? key : steps[j]!;
          for (let x = matchFrom[i]!; x < matchTo[i]!; x++) {
            const r = matched[x]!;
            if (ruleList[r]!.points > bestPoints) {
              best = r;
              bestPoints = ruleList[r]!.points;
            }
          }
        }
        const cause: ChangeCause = best >= 0 ? causeText[best]! : identifies ? FIXED_CAUSES.identified : `${keyEvent.type} event`;
        // The visitor → lead row carries the score the person had once this first step ran (settleCreation).
        if (createdNow) createdNow.score = snap.engagementAt(createdNow.at) + snap.fit;
        transitions.push(...evaluate(ctx, m, snap, at, cause));
        s = end;
      }
      runActions(Number.POSITIVE_INFINITY);
      const lead = model!;
      lead.engagement = foldSorted(
        rules,
        order.map((i) => events[i]!),
      );
      transitions.push(...advanceModel(rules, lead, to));
      return { model: lead, transitions };
    },
  };
}
export type Replayer = ReturnType<typeof createReplayer>;
