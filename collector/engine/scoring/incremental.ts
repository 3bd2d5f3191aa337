import type { CompiledRules, ScoringEvent } from '../rules/compile.js';
import { compareEvents, foldEvent, initialEngagement, isAfter, type Checkpoint, type EngagementState } from './engagement.js';

/**
 * Brings a stored engagement state up to date with newly attributed events, at a cost that does
 * not grow with the lead's history. Events after everything folded so far are folded in (the
 * common case: O(new events)). An event from the past changes what the caps allowed later events,
 * so the fold is redone from the checkpoint — the state as of CHECKPOINT_LAG to CHECKPOINT_LAG +
 * CHECKPOINT_STEP − 1 events back — over the events after it. Only an event older than that point
 * (a second browser's anonymous history, an event overtaken by more than the lag) replays the lead.
 *
 * Where the checkpoint sits is a function of the set of events alone (`checkpointAt`), never of
 * their arrival order, so the state — checkpoint included — equals `foldSorted` of all events,
 * whatever the order they came in: that is why ingest equals a replay.
 */
export const CHECKPOINT_STEP = 16;
export const CHECKPOINT_LAG = 16;

/** How many of a lead's n events (in (ts, seq) order) come before the checkpoint. */
export function checkpointAt(n: number): number {
  return n < CHECKPOINT_STEP + CHECKPOINT_LAG ? 0 : Math.floor((n - CHECKPOINT_LAG) / CHECKPOINT_STEP) * CHECKPOINT_STEP;
}

/** The lead's folded events, the fresh ones included: all of them, or those with seq ≥ `seq`. */
export interface EventLoader {
  all(): readonly ScoringEvent[];
  fromSeq(seq: number): readonly ScoringEvent[];
}

/** A loader over events held in memory (replays, tests). */
export function memoryLoader(events: () => readonly ScoringEvent[]): EventLoader {
  return { all: events, fromSeq: (seq) => events().filter((e) => e.seq >= seq) };
}

export interface Extended {
  state: EngagementState;
  /** Events folded again because of a late one (0 when all came in order). */
  refolded: number;
}

type Core = Omit<EngagementState, 'checkpoint'>;
const copyOf = (state: Core): EngagementState => structuredClone(state);
const minSeq = (events: readonly ScoringEvent[], from: number) => {
  let seq = Number.POSITIVE_INFINITY;
  for (let i = from; i < events.length; i++) seq = Math.min(seq, events[i]!.seq);
  return seq;
};

/**
 * Folds from `base` (null: the initial state, `at` 0) over the events after it in (ts, seq) order,
 * placing the checkpoint. `fromSeq` is 0 while the checkpoint is the initial state (every event is
 * in its tail), so it too depends on the set of events only.
 */
function foldFrom(
  rules: CompiledRules,
  base: Core | null,
  at: number,
  sorted: readonly ScoringEvent[],
  foldAt: (state: EngagementState, i: number) => void = (state, i) => foldEvent(rules, state, sorted[i]!),
): EngagementState {
  const n = at + sorted.length;
  const target = checkpointAt(n);
  const state = base ? copyOf(base) : initialEngagement();
  let checkpoint: Checkpoint = { state: base, at, tail: sorted.length, fromSeq: at === 0 ? 0 : minSeq(sorted, 0) };
  for (let i = 0; i < sorted.length; i++) {
    if (at + i === target && target > at) checkpoint = { state: copyOf(state), at: target, tail: n - target, fromSeq: minSeq(sorted, i) };
    foldAt(state, i);
  }
  state.checkpoint = checkpoint;
  return state;
}

/** A lead's engagement before any event. */
export function newEngagement(): EngagementState {
  return { ...initialEngagement(), checkpoint: { state: null, at: 0, tail: 0, fromSeq: 0 } };
}

/**
 * Folds a lead's events, given in (ts, seq) order, from scratch. `foldAt(state, i)` folds
 * `sorted[i]` in for a caller that knows more of it (the rescore's replay: its matched rules).
 */
export function foldSorted(
  rules: CompiledRules,
  sorted: readonly ScoringEvent[],
  foldAt?: (state: EngagementState, i: number) => void,
): EngagementState {
  return foldFrom(rules, null, 0, sorted, foldAt);
}

/** Folds a lead's events from scratch (any order in). */
export function foldAll(rules: CompiledRules, events: readonly ScoringEvent[]): EngagementState {
  return foldFrom(rules, null, 0, [...events].sort(compareEvents));
}

/** Moves the checkpoint forward to where `checkpointAt` puts it now that `fresh` were folded in order. */
function advanceCheckpoint(rules: CompiledRules, state: EngagementState, fresh: readonly ScoringEvent[], load: EventLoader): void {
  const cp = state.checkpoint!;
  const n = cp.at + cp.tail + fresh.length;
  const target = checkpointAt(n);
  if (target === cp.at) {
    state.checkpoint = { ...cp, tail: cp.tail + fresh.length, fromSeq: cp.at === 0 ? 0 : Math.min(cp.fromSeq, minSeq(fresh, 0)) };
    return;
  }
  // The fresh events may sit earlier in the log than the tail's first (a link's attributed history).
  const tail = load
    .fromSeq(Math.min(cp.fromSeq, minSeq(fresh, 0)))
    .filter((e) => cp.state === null || isAfter(cp.state, e))
    .sort(compareEvents);
  const base = cp.state ? copyOf(cp.state) : initialEngagement();
  for (let i = 0; i < target - cp.at; i++) foldEvent(rules, base, tail[i]!);
  state.checkpoint = { state: base, at: target, tail: n - target, fromSeq: minSeq(tail, target - cp.at) };
}

/**
 * Which stored events `extendEngagement` will read for these fresh events: none (in order, no
 * checkpoint move), those from a log position on, or all of the lead's. The engine loads them
 * before the pure step (load → decide), so the fold itself never waits on the database.
 */
export type EventsNeeded = { from: 'none' } | { from: 'seq'; seq: number } | { from: 'all' };

export function eventsNeeded(state: EngagementState, fresh: readonly ScoringEvent[]): EventsNeeded {
  if (!fresh.length) return { from: 'none' };
  const cp = state.checkpoint;
  let first = fresh[0]!;
  for (const e of fresh) if (compareEvents(e, first) < 0) first = e;
  const seq = cp ? Math.min(cp.fromSeq, minSeq(fresh, 0)) : 0;
  if (cp && isAfter(state, first)) return checkpointAt(cp.at + cp.tail + fresh.length) === cp.at ? { from: 'none' } : { from: 'seq', seq };
  if (cp && (cp.state === null || isAfter(cp.state, first))) return { from: 'seq', seq };
  return { from: 'all' };
}

/** A loader over events loaded for `needed`: asking for anything else is a bug, not a silent miss. */
export function preloaded(needed: EventsNeeded, events: readonly ScoringEvent[]): EventLoader {
  return {
    all() {
      if (needed.from !== 'all') throw new Error(`engagement fold asked for all events, loaded: ${needed.from}`);
      return events;
    },
    fromSeq(seq) {
      if (needed.from === 'none' || (needed.from === 'seq' && seq < needed.seq))
        throw new Error(`engagement fold asked for events from seq ${seq}, loaded: ${JSON.stringify(needed)}`);
      return events.filter((e) => e.seq >= seq);
    },
  };
}

/** The result equals `foldAll` of every event folded so far; `load` is called only for late events and checkpoint moves. */
export function extendEngagement(
  rules: CompiledRules,
  state: EngagementState,
  fresh: readonly ScoringEvent[],
  load: EventLoader,
): Extended {
  if (!fresh.length) return { state, refolded: 0 };
  const sorted = [...fresh].sort(compareEvents);
  const cp = state.checkpoint;
  if (cp && isAfter(state, sorted[0]!)) {
    for (const event of sorted) foldEvent(rules, state, event);
    advanceCheckpoint(rules, state, sorted, load);
    return { state, refolded: 0 };
  }
  if (cp && (cp.state === null || isAfter(cp.state, sorted[0]!))) {
    const from = Math.min(cp.fromSeq, minSeq(sorted, 0));
    const tail = load
      .fromSeq(from)
      .filter((e) => cp.state === null || isAfter(cp.state, e))
      .sort(compareEvents);
    return { state: foldFrom(rules, cp.state, cp.at, tail), refolded: tail.length };
  }
  // Older than the checkpoint, or a state stored before checkpoints existed: replay the lead.
  const all = load.all();
  return { state: foldAll(rules, all), refolded: all.length };
}
