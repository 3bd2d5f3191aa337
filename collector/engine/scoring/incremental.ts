import type { CompiledRules, ScoringEvent } from '../rules/compile.js';
import { compareEvents, foldEvent, isAfter, replayEngagement, type EngagementState } from './engagement.js';

/**
 * Brings a stored engagement state up to date with newly attributed events. Events that come
 * after everything folded so far are folded in (the common case: O(new events)); an event from
 * the past (a second device's anonymous history, a late batch) changes what the caps allowed
 * later events, so the lead is replayed from all its events instead. Either way the result is
 * exactly the full replay's.
 */
export function extendEngagement(
  rules: CompiledRules,
  state: EngagementState,
  fresh: readonly ScoringEvent[],
  loadAll: () => readonly ScoringEvent[],
): { state: EngagementState; replayed: boolean } {
  if (!fresh.length) return { state, replayed: false };
  const sorted = [...fresh].sort(compareEvents);
  if (!isAfter(state, sorted[0]!)) return { state: replayEngagement(rules, loadAll()), replayed: true };
  for (const event of sorted) foldEvent(rules, state, event);
  return { state, replayed: false };
}
