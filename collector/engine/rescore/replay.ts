import type { StoredEvent } from '../../events/types.js';
import { FIXED_CAUSES, type ChangeCause } from '../../events/domain.js';
import type { CompiledRules, ScoringEvent } from '../rules/compile.js';
import { advanceModel, createLeadModel, settleCreation, stepAction, stepEvents, type LeadModel } from '../stages/lead-model.js';
import { ACTIONS, type Action, type Transition } from '../stages/machine.js';
import { causeOfStep } from '../projection/index.js';
import { memoryLoader } from '../scoring/incremental.js';
import type { ReplayAction, ReplayEvent } from './inputs.js';

export type { LeadInputs, ReplayAction, ReplayEvent } from './inputs.js';

/**
 * Rebuilds a lead's model and full history from its inputs, in the order ingest saw them: events
 * grouped by the log position at which they became the lead's (their own seq, or the seq of the
 * link that attributed them), sales actions after the events logged before them, then the decay
 * timers up to `to`. Ingest ran the same steps one by one, so this equals what it built.
 */
export function replayLead(
  rules: CompiledRules,
  email: string,
  events: readonly ReplayEvent[],
  actions: readonly ReplayAction[],
  to: number,
): { model: LeadModel; transitions: Transition[] } | null {
  const groups = new Map<number, ReplayEvent[]>();
  for (const event of events) {
    const at = event.attributedSeq ?? event.seq;
    const group = groups.get(at);
    if (group) group.push(event);
    else groups.set(at, [event]);
  }
  const steps = [...groups.entries()].sort((a, b) => a[0] - b[0]);
  if (!steps.length) return null;
  const pending = [...actions].sort((a, b) => a.afterSeq - b.afterSeq || a.id - b.id);
  const visible: ReplayEvent[] = [];
  let model: LeadModel | null = null;
  const transitions: Transition[] = [];
  const loader = memoryLoader(() => visible);

  const runActions = (beforeSeq: number) => {
    while (model && pending.length && pending[0]!.afterSeq < beforeSeq) {
      const a = pending.shift()!;
      if ((ACTIONS as readonly string[]).includes(a.action)) transitions.push(...stepAction(rules, model, a.action as Action, a.at));
    }
  };

  for (const [seq, group] of steps) {
    runActions(seq);
    const key = group.find((e) => e.seq === seq) ?? group[group.length - 1]!;
    group.sort((a, b) => a.seq - b.seq);
    let created: Transition | null = null;
    if (!model) {
      const first = createLeadModel(email, key.receivedAt, key.seq);
      model = first.model;
      created = first.transitions[0]!;
      transitions.push(...first.transitions);
    }
    visible.push(...group);
    const current: LeadModel = model;
    transitions.push(...stepEvents(rules, current, key.receivedAt, group, loader, causeOfStep(rules, key, group)).transitions);
    if (created) settleCreation(rules, current, created);
  }
  runActions(Number.POSITIVE_INFINITY);
  transitions.push(...advanceModel(rules, model!, to));
  return { model: model!, transitions };
}
