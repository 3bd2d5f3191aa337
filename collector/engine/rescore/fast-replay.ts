import { FIXED_CAUSES, ruleCause, type ChangeCause } from '../../events/domain.js';
import type { CompiledRules, EngagementRule, ScoringEvent } from '../rules/compile.js';
import { foldSorted } from '../scoring/incremental.js';
import { totalOf } from '../scoring/score.js';
import { applyTraits } from '../identity/traits.js';
import { advanceModel, createLeadModel, forgetTraitScores, machineContext, traitScoresOf, type LeadModel } from '../stages/lead-model.js';
import { ACTIONS, advance, applyAction, evaluate, type Action, type Snapshot, type Transition } from '../stages/machine.js';
import { identifyingEmail } from '../projection/index.js';
import type { ReplayAction, ReplayEvent } from './replay.js';
import { createRunningFold } from './running-fold.js';
import { sortIndices } from './index-sort.js';

const carriesTraits = (e: ScoringEvent) => e.type === 'identify' || e.type === 'form';

/**
 * `replayLead` (replay.ts) made fast, with the same result to the bit: the same steps in the same
 * order, but between steps the stage machine needs only the engagement total, the latest
 * high-intent time and the trait scores. So each event's rules are matched once; the total is
 * kept by a running fold with no per-event allocation (recomputed over the sorted events only
 * when an event arrives out of order); fit and BANT are recomputed only when a trait changes; and
 * the full engagement state (breakdowns, reasons, checkpoint) is folded once, at the end, with the
 * rules each event matched and its growth factor taken from the running fold.
 * One replayer serves many leads under one rule set and reuses its buffers.
 */
export function createReplayer(rules: CompiledRules) {
  const ruleList = rules.engagement;
  const h = rules.halfLifeMs;
  const ctx = machineContext(rules);
  const causeText = ruleList.map((r) => ruleCause(r.text.replace(/\s*\{[a-z]+\}/g, '').trim()));
  const order: number[] = [];
  const steps: number[] = [];
  // Each event's sort keys, for sortIndices: its time, its seq, and the step it joins (its own seq or its link's).
  let tsKey = new Float64Array(64);
  let seqKey = new Float64Array(64);
  let stepKey = new Float64Array(64);
  const running = createRunningFold(rules);
  const snap: Snapshot = { engagementAt: running.engagementAt, fit: 0, bant: 0, highIntentTs: null };
  // Through the model's remembered trait scores: the closing timers (`advanceModel`) and the row's
  // next timer then read them instead of running every fit and BANT test again.
  const setTraitScores = (traits: LeadModel['traits']) => {
    const scores = traitScoresOf(rules, traits);
    snap.fit = scores.fit;
    snap.bant = scores.bant;
  };

  /**
   * Every step of the lead's events and sales actions, leaving the running fold and `snap` as of
   * the last: the model has its machine and traits, not yet its full engagement state.
   */
  function stepAll(
    email: string,
    events: readonly ReplayEvent[],
    actions: readonly ReplayAction[],
  ): { model: LeadModel; transitions: Transition[] } | null {
    if (!events.length) return null;
    running.matchAll(events);
    if (tsKey.length < events.length) {
      tsKey = new Float64Array(events.length * 2);
      seqKey = new Float64Array(events.length * 2);
      stepKey = new Float64Array(events.length * 2);
    }
    steps.length = 0;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      tsKey[i] = e.ts;
      seqKey[i] = e.seq;
      stepKey[i] = e.attributedSeq ?? e.seq;
      steps.push(i);
    }
    sortIndices(steps, 0, steps.length, 0, stepKey, seqKey);
    const pending = [...actions].sort((a, b) => a.afterSeq - b.afterSeq || a.id - b.id);
    let next = 0;
    order.length = 0;
    running.reset();
    let model: LeadModel | null = null;
    const transitions: Transition[] = [];

    const runActions = (beforeSeq: number) => {
      while (model && next < pending.length && pending[next]!.afterSeq < beforeSeq) {
        const a = pending[next++]!;
        if (!(ACTIONS as readonly string[]).includes(a.action)) continue;
        const at = Math.max(model.machine.at, a.at);
        transitions.push(...advance(ctx, model.machine, snap, at), ...applyAction(ctx, model.machine, snap, a.action as Action, at));
      }
    };

    for (let s = 0; s < steps.length;) {
      const seq = stepKey[steps[s]!]!;
      let end = s;
      let key = -1;
      while (end < steps.length && stepKey[steps[end]!] === seq) {
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
        setTraitScores(model.traits);
      }
      const m = model.machine;
      const at = Math.max(m.at, keyEvent.receivedAt);
      transitions.push(...advance(ctx, m, snap, at));
      const before = snap.engagementAt(at);

      // Fold the step's events: in order, or (one came from the past) again over all, sorted.
      let inOrder = true;
      for (let j = s; j < end; j++) if (running.isLate(events[steps[j]!]!)) inOrder = false;
      const firstNew = order.length;
      for (let j = s; j < end; j++) order.push(steps[j]!);
      if (inOrder && end - s === 1)
        running.fold(events[steps[s]!]!, steps[s]!); // the common step: one event, no sort
      else if (inOrder) {
        sortIndices(order, firstNew, order.length, firstNew, tsKey, seqKey);
        for (let p = firstNew; p < order.length; p++) running.fold(events[order[p]!]!, order[p]!);
      } else {
        sortIndices(order, 0, order.length, firstNew, tsKey, seqKey);
        running.refold(events, order, steps, s, end);
      }
      snap.highIntentTs = running.highIntentTs;

      // Traits (identify and form events only), in (ts, seq) order; fit and BANT when one changed.
      let traitsChanged = false;
      let withTraits = false;
      for (let j = s; j < end; j++) if (carriesTraits(events[steps[j]!]!)) withTraits = true;
      if (withTraits) {
        const traitEvents = steps.slice(s, end).filter((i) => carriesTraits(events[i]!));
        sortIndices(traitEvents, 0, traitEvents.length, 0, tsKey, seqKey);
        for (const i of traitEvents) if (applyTraits(model.traits, events[i]!).length) traitsChanged = true;
      }
      if (traitsChanged) {
        forgetTraitScores(model.traits);
        setTraitScores(model.traits);
      }

      if (m.rejectedAt !== null) {
        const after = snap.engagementAt(at);
        const carried = m.since.value * Math.pow(2, (m.since.at - at) / h);
        m.since = { value: carried + (after - before), at };
        for (let j = s; j < end; j++) {
          const e = events[steps[j]!]!;
          if (e.ts > m.rejectedAt && running.isHighIntent(steps[j]!) && (m.highIntentSinceTs === null || e.ts > m.highIntentSinceTs))
            m.highIntentSinceTs = e.ts;
        }
      }

      // The step's cause (as causeOfStep): an identify is credited for what the identifying event itself
      // did, else "identified"; any other step for its strongest rule (events in log order), else its type.
      const identifies = identifyingEmail(keyEvent) !== null;
      let best = -1;
      let bestPoints = 0;
      for (let j = identifies ? 0 : s; j < (identifies ? 1 : end); j++) {
        const r = running.strongest(identifies ? key : steps[j]!, bestPoints);
        if (r >= 0) {
          best = r;
          bestPoints = ruleList[r]!.points;
        }
      }
      const cause: ChangeCause = best >= 0 ? causeText[best]! : identifies ? FIXED_CAUSES.identified : `${keyEvent.type} event`;
      // The visitor → lead row carries the score the person had once this first step ran (settleCreation).
      if (createdNow) createdNow.score = snap.engagementAt(createdNow.at) + snap.fit;
      transitions.push(...evaluate(ctx, m, snap, at, cause));
      s = end;
    }
    runActions(Number.POSITIVE_INFINITY);
    return { model: model!, transitions };
  }

  return {
    /** The lead's model and full history, exactly as `replayLead` builds them. */
    replay(
      email: string,
      events: readonly ReplayEvent[],
      actions: readonly ReplayAction[],
      to: number,
    ): { model: LeadModel; transitions: Transition[] } | null {
      const stepped = stepAll(email, events, actions);
      if (!stepped) return null;
      const lead = stepped.model;
      // The full state (breakdowns, reasons, checkpoint) once, reusing each event's matched rules.
      const sorted = order.map((i) => events[i]!);
      lead.engagement = foldSorted(rules, sorted, (state, p) => running.foldFull(state, sorted[p]!, order[p]!));
      stepped.transitions.push(...advanceModel(rules, lead, to));
      return stepped;
    },

    /**
     * What a comparison reads of `replay`'s result, to the bit, without its full engagement state
     * (the rule breakdowns, the paths and events behind them, the checkpoint): the stage machine
     * and history up to `to`, and `totalAndRules` at `to`. The running fold already holds the
     * total and the latest high-intent time the machine's last steps need, so a backtest, which
     * replays every lead twice and keeps none, skips the final fold (about a sixth of its work).
     */
    outcome(email: string, events: readonly ReplayEvent[], actions: readonly ReplayAction[], to: number): ReplayOutcome | null {
      const stepped = stepAll(email, events, actions);
      if (!stepped) return null;
      const { model, transitions } = stepped;
      transitions.push(...advance(ctx, model.machine, snap, to));
      // A rule's raw points are its points (never 0: the schema) times its matches, and every event is folded.
      const earned = (_rule: EngagementRule, r: number) => running.matchedAny(r);
      return { machine: model.machine, transitions, ...totalOf(rules, earned, snap.engagementAt(to), model.traits) };
    },
  };
}

/** A replay's outcome for a comparison (`Replayer.outcome`). */
export interface ReplayOutcome {
  machine: LeadModel['machine'];
  transitions: Transition[];
  total: number;
  /** The rules with points, engagement then fit, in rule order (`totalAndRules`). */
  ruleIds: string[];
}
export type Replayer = ReturnType<typeof createReplayer>;
