import type { ChangeCause } from '../../events/domain.js';
import type { CompiledRules, ScoringEvent } from '../rules/compile.js';
import type { Traits } from '../rules/traits.js';
import { engagementAt, type EngagementState } from '../scoring/engagement.js';
import { extendEngagement, newEngagement, type EventLoader } from '../scoring/incremental.js';
import { fitPoints } from '../scoring/score.js';
import { applyTraits } from '../identity/traits.js';
import {
  advance,
  applyAction,
  evaluate,
  newMachine,
  nextTimer,
  type Action,
  type MachineContext,
  type MachineState,
  type Snapshot,
  type Transition,
} from './machine.js';

/**
 * Everything derived about one lead, as one plain-JSON value: the engagement fold, the traits and
 * the stage machine. Ingest and rescore drive it through the same steps, so a replay of the
 * lead's inputs rebuilds exactly the state ingest built.
 */
export interface LeadModel {
  engagement: EngagementState;
  traits: Traits;
  machine: MachineState;
}

/** One context per rules version (every step, timer and write asks for it). */
const contexts = new WeakMap<CompiledRules, MachineContext>();

export function machineContext(rules: CompiledRules): MachineContext {
  const known = contexts.get(rules);
  if (known && known.stages === rules.stages && known.halfLifeMs === rules.halfLifeMs) return known;
  const ctx = { stages: rules.stages, halfLifeMs: rules.halfLifeMs };
  contexts.set(rules, ctx);
  return ctx;
}

/**
 * Fit and the BANT count depend on the traits alone, yet every step, timer and write takes a
 * snapshot: remember them per traits object until `stepEvents` changes a trait (the only place
 * a model's traits change), instead of running every fit rule's matchers again each time.
 */
const traitScores = new WeakMap<Traits, { rules: CompiledRules; fit: number; bant: number }>();

/** Fit points and the number of BANT criteria met: what the machine reads of the traits. */
export function scoreTraits(rules: CompiledRules, traits: Traits): { fit: number; bant: number } {
  let bant = 0;
  for (const test of Object.values(rules.bant)) if (test(traits) !== null) bant++;
  return { fit: fitPoints(rules, traits), bant };
}

/** `scoreTraits`, remembered for this traits object until `forgetTraitScores` (call it whenever a trait of it changes). */
export function traitScoresOf(rules: CompiledRules, traits: Traits): { fit: number; bant: number } {
  const known = traitScores.get(traits);
  if (known && known.rules === rules) return known;
  const scores = { rules, ...scoreTraits(rules, traits) };
  traitScores.set(traits, scores);
  return scores;
}

/** A trait of `traits` changed: its remembered scores no longer hold. */
export function forgetTraitScores(traits: Traits): void {
  traitScores.delete(traits);
}

export function snapshotOf(rules: CompiledRules, model: LeadModel): Snapshot {
  const { fit, bant } = traitScoresOf(rules, model.traits);
  return {
    engagementAt: (t) => engagementAt(model.engagement, rules.halfLifeMs, t),
    fit,
    bant,
    highIntentTs: model.engagement.highIntentTs,
  };
}

/** A new lead at the moment its email was first seen. */
export function createLeadModel(email: string, at: number, evidenceSeq: number): { model: LeadModel; transitions: Transition[] } {
  const { state, transition } = newMachine(at);
  const traits: Traits = { email: { value: email, setAt: at, seq: evidenceSeq } };
  return { model: { engagement: newEngagement(), traits, machine: state }, transitions: [transition] };
}

/**
 * The lead's creation is recorded before its first step (the identify and the anonymous events it
 * attributes); once that step ran, the creation carries the score the person had on identifying.
 */
export function settleCreation(rules: CompiledRules, model: LeadModel, created: Transition): void {
  created.score = engagementAt(model.engagement, rules.halfLifeMs, created.at) + traitScoresOf(rules, model.traits).fit;
}

/** Runs the timers due up to `to` (decay falls, expired intent) with no new input; the list may be shared: do not change it. */
export function advanceModel(rules: CompiledRules, model: LeadModel, to: number): readonly Transition[] {
  return advance(machineContext(rules), model.machine, snapshotOf(rules, model), to);
}

/**
 * Events became visible to the lead at `rawAt` (received, or attributed by a link). Their time
 * never runs backwards for the machine: it steps at max(machine time, rawAt).
 */
export function stepEvents(
  rules: CompiledRules,
  model: LeadModel,
  rawAt: number,
  fresh: readonly ScoringEvent[],
  load: EventLoader,
  cause: ChangeCause,
): { transitions: Transition[]; traitsChanged: string[] } {
  const ctx = machineContext(rules);
  const at = Math.max(model.machine.at, rawAt);
  const transitions = [...advanceModel(rules, model, at)];
  const before = engagementAt(model.engagement, rules.halfLifeMs, at);
  model.engagement = extendEngagement(rules, model.engagement, fresh, load).state;
  const traitsChanged: string[] = [];
  for (const event of [...fresh].sort((a, b) => a.ts - b.ts || a.seq - b.seq)) traitsChanged.push(...applyTraits(model.traits, event));
  if (traitsChanged.length) forgetTraitScores(model.traits);
  const m = model.machine;
  if (m.rejectedAt !== null) {
    const after = engagementAt(model.engagement, rules.halfLifeMs, at);
    const carried = m.since.value * Math.pow(2, (m.since.at - at) / rules.halfLifeMs);
    m.since = { value: carried + (after - before), at };
    for (const event of fresh) {
      const highIntent = event.ts > m.rejectedAt && rules.engagement.some((r) => r.highIntent && r.matches(event));
      if (highIntent && (m.highIntentSinceTs === null || event.ts > m.highIntentSinceTs)) m.highIntentSinceTs = event.ts;
    }
  }
  transitions.push(...evaluate(ctx, m, snapshotOf(rules, model), at, cause));
  return { transitions, traitsChanged: [...new Set(traitsChanged)] };
}

/** A sales action (accepted, rejected, won, lost, reopen) at `rawAt`. */
export function stepAction(rules: CompiledRules, model: LeadModel, action: Action, rawAt: number): Transition[] {
  const at = Math.max(model.machine.at, rawAt);
  const transitions = [...advanceModel(rules, model, at)];
  transitions.push(...applyAction(machineContext(rules), model.machine, snapshotOf(rules, model), action, at));
  return transitions;
}

/** When the sweep must look at this lead again, or null when no timer is pending. */
export function nextTimerAt(rules: CompiledRules, model: LeadModel): number | null {
  return nextTimer(machineContext(rules), model.machine, snapshotOf(rules, model), model.machine.at)?.at ?? null;
}
