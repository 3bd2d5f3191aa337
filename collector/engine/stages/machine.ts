import { FIXED_CAUSES, salesCause, type ChangeCause, type Disposition } from '../../events/domain.js';
import { LEVELS_PER_STAGE, stageRank, stageThresholds, targetStage, type LeadStage, type Metrics } from './criteria.js';
import type { StageSettings } from './settings.js';
import { DAY_MS } from '../rules/compile.js';

/**
 * The lifecycle state machine of one lead: pure, driven by steps (events, sales actions) and by
 * timers it computes itself (the moments decay or an expiring intent window flips a stage test).
 * Between steps engagement moves monotonically towards 0, so those moments can be solved exactly.
 */
export interface MachineState {
  stage: LeadStage;
  disposition: Disposition | null;
  /** The machine's time: the last step or timer it processed. */
  at: number;
  stageChangedAt: number;
  dispositionAt: number | null;
  /** When the current SQL episode began. */
  sqlSince: number | null;
  firstMqlAt: number | null;
  firstSqlAt: number | null;
  /** While rejected: when, and what was earned since (engagement as of `since.at`, latest high-intent action). */
  rejectedAt: number | null;
  since: { value: number; at: number };
  highIntentSinceTs: number | null;
}

/** The scores as the machine sees them at one moment. */
export interface Snapshot {
  engagementAt(t: number): number;
  fit: number;
  bant: number;
  highIntentTs: number | null;
}

export interface MachineContext {
  stages: StageSettings;
  halfLifeMs: number;
}

/** One change, stored in the stage history and reported as a domain event. */
export interface Transition {
  at: number;
  kind: 'stage' | 'disposition';
  from: string | null;
  to: string | null;
  direction: 'up' | 'down' | null;
  cause: ChangeCause;
  score: number;
}

const FROZEN: ReadonlySet<Disposition | null> = new Set(['won', 'lost']);

export function newMachine(at: number): { state: MachineState; transition: Transition } {
  const state: MachineState = {
    stage: 'lead',
    disposition: null,
    at,
    stageChangedAt: at,
    dispositionAt: null,
    sqlSince: null,
    firstMqlAt: null,
    firstSqlAt: null,
    rejectedAt: null,
    since: { value: 0, at },
    highIntentSinceTs: null,
  };
  return {
    state,
    transition: { at, kind: 'stage', from: 'visitor', to: 'lead', direction: 'up', cause: FIXED_CAUSES.identified, score: 0 },
  };
}

function sinceAt(ctx: MachineContext, state: MachineState, t: number): number {
  return state.since.value === 0 ? 0 : state.since.value * Math.pow(2, (state.since.at - t) / ctx.halfLifeMs);
}

function withinWindow(ts: number | null, t: number, windowMs: number): boolean {
  return ts !== null && ts >= t - windowMs;
}

/** Fills `m` with what the stage rules look at as of t (in place: `evaluate` runs once per step). */
function fillMetrics(ctx: MachineContext, state: MachineState, snap: Snapshot, t: number, m: Metrics): Metrics {
  const windowMs = ctx.stages.sql.intentWindowDays * DAY_MS;
  m.engagement = snap.engagementAt(t);
  m.fit = snap.fit;
  m.bant = snap.bant;
  m.intentAction = withinWindow(snap.highIntentTs, t, windowMs);
  m.rejected = state.rejectedAt !== null;
  m.engagementSince = sinceAt(ctx, state, t);
  m.intentActionSince = withinWindow(state.highIntentSinceTs, t, windowMs);
  return m;
}

function emptyMetrics(): Metrics {
  return { engagement: 0, fit: 0, bant: 0, intentAction: false, rejected: false, engagementSince: 0, intentActionSince: false };
}

export function metricsAt(ctx: MachineContext, state: MachineState, snap: Snapshot, t: number): Metrics {
  return fillMetrics(ctx, state, snap, t, emptyMetrics());
}

/** `evaluate`'s metrics, filled in place: read only within one `evaluate` call. */
const scratchMetrics = emptyMetrics();

/** What `evaluate` and `advance` return when nothing changed (most calls): one shared, frozen, empty list. */
const NO_TRANSITIONS: readonly Transition[] = Object.freeze([]);

function clearRejection(state: MachineState, t: number): void {
  state.rejectedAt = null;
  state.since = { value: 0, at: t };
  state.highIntentSinceTs = null;
}

/**
 * Re-evaluates the stage at time t; returns what changed (NO_TRANSITIONS, shared, when nothing did).
 * Won and lost leads keep their stage.
 */
export function evaluate(ctx: MachineContext, state: MachineState, snap: Snapshot, t: number, cause: ChangeCause): readonly Transition[] {
  state.at = Math.max(state.at, t);
  if (FROZEN.has(state.disposition)) return NO_TRANSITIONS;
  const m = fillMetrics(ctx, state, snap, t, scratchMetrics);
  const target = targetStage(state.stage, m, ctx.stages);
  const requalified = target === 'sql' && state.disposition === 'rejected';
  if (!requalified && target === state.stage) return NO_TRANSITIONS;
  const score = m.engagement + m.fit;
  const out: Transition[] = [];
  if (requalified) {
    // New activity after the rejection re-qualified the lead: sales must triage it afresh.
    out.push({ at: t, kind: 'disposition', from: 'rejected', to: null, direction: null, cause: FIXED_CAUSES.requalified, score });
    state.disposition = null;
    state.dispositionAt = t;
    clearRejection(state, t);
  }
  if (target !== state.stage) {
    out.push({
      at: t,
      kind: 'stage',
      from: state.stage,
      to: target,
      direction: stageRank(target) > stageRank(state.stage) ? 'up' : 'down',
      cause,
      score,
    });
    state.stage = target;
    state.stageChangedAt = t;
    if (target === 'sql') state.sqlSince = t;
    else state.sqlSince = null;
    if (stageRank(target) >= stageRank('mql')) state.firstMqlAt ??= t;
    if (target === 'sql') state.firstSqlAt ??= t;
  }
  return out;
}

/**
 * The timer the last `findTimer` found (its moment, +Infinity for none, and cause): module state,
 * so the search allocates nothing per step. Read it before the next search.
 */
let foundAt = Number.POSITIVE_INFINITY;
let foundCause: ChangeCause = FIXED_CAUSES.decayed;

/** A stage test may flip at t (ms, fractional): the timer fires the first whole ms after it, never at or before `after`. */
function consider(after: number, t: number, cause: ChangeCause): void {
  const at = Math.max(after + 1, Math.floor(t) + 1);
  // Earlier candidates win ties: the order of the calls in findTimer is part of the result.
  if (Number.isFinite(at) && at < foundAt) {
    foundAt = at;
    foundCause = cause;
  }
}

/** A value decaying from `value` (at `after`) towards 0 crosses `level` (same sign, not beyond it) after log2(value/level) half-lives. */
function considerCrossing(after: number, halfLifeMs: number, value: number, level: number): void {
  const crossed = value > 0 ? level > 0 && level <= value : value < 0 && level < 0 && level > value;
  if (crossed) consider(after, after + halfLifeMs * Math.log2(value / level), FIXED_CAUSES.decayed);
}

/**
 * Searches the next moment after `after` at which a stage test may flip without any new event:
 * a decaying engagement crossing one of the levels of `stageThresholds` (those of tests that can
 * pass with the lead's BANT count), or an intent window expiring. Leaves it in foundAt/foundCause;
 * returns whether there is one.
 */
function findTimer(ctx: MachineContext, state: MachineState, snap: Snapshot, after: number): boolean {
  foundAt = Number.POSITIVE_INFINITY;
  if (FROZEN.has(state.disposition)) return false;
  const h = ctx.halfLifeMs;
  const t = stageThresholds(ctx.stages);
  const levels = t.levels;
  const o = stageRank(state.stage) * LEVELS_PER_STAGE;
  const near = snap.bant >= t.nearSqlBant;
  const sql = snap.bant >= t.sqlBant;
  const engagement = snap.engagementAt(after);
  considerCrossing(after, h, engagement, levels[o]! - snap.fit);
  considerCrossing(after, h, engagement, levels[o + 1]!);
  if (near) considerCrossing(after, h, engagement, levels[o + 2]!);
  if (sql) {
    considerCrossing(after, h, engagement, levels[o + 3]! - snap.fit);
    considerCrossing(after, h, engagement, levels[o + 4]!);
    considerCrossing(after, h, engagement, levels[o + 5]!);
  }
  const windowMs = ctx.stages.sql.intentWindowDays * DAY_MS;
  if (snap.highIntentTs !== null && snap.highIntentTs + windowMs >= after)
    consider(after, snap.highIntentTs + windowMs, FIXED_CAUSES.intentExpired);
  if (state.rejectedAt !== null) {
    // After a rejection only what was earned since counts as intent (the intent tests' levels).
    const since = sinceAt(ctx, state, after);
    if (near) considerCrossing(after, h, since, levels[o + 2]!);
    if (sql) considerCrossing(after, h, since, levels[o + 5]!);
    if (state.highIntentSinceTs !== null && state.highIntentSinceTs + windowMs >= after)
      consider(after, state.highIntentSinceTs + windowMs, FIXED_CAUSES.intentExpired);
  }
  return foundAt !== Number.POSITIVE_INFINITY;
}

/** The next moment after `after` at which a stage test may flip without any new event, or null. */
export function nextTimer(
  ctx: MachineContext,
  state: MachineState,
  snap: Snapshot,
  after: number,
): { at: number; cause: ChangeCause } | null {
  return findTimer(ctx, state, snap, after) ? { at: foundAt, cause: foundCause } : null;
}

/** Processes every timer up to and including `to`; NO_TRANSITIONS (shared) when none changed anything. */
export function advance(ctx: MachineContext, state: MachineState, snap: Snapshot, to: number): readonly Transition[] {
  let out: Transition[] | null = null;
  while (findTimer(ctx, state, snap, state.at) && foundAt <= to) {
    const changed = evaluate(ctx, state, snap, foundAt, foundCause);
    if (changed.length) (out ??= []).push(...changed);
  }
  return out ?? NO_TRANSITIONS;
}

export const ACTIONS = ['accepted', 'rejected', 'won', 'lost', 'reopen'] as const;
export type Action = (typeof ACTIONS)[number];

/** A sales action at time t (after `advance` to t). */
export function applyAction(ctx: MachineContext, state: MachineState, snap: Snapshot, action: Action, t: number): Transition[] {
  const to: Disposition | null = action === 'reopen' ? null : action;
  if (to === state.disposition) return [];
  const score = snap.engagementAt(t) + snap.fit;
  const out: Transition[] = [
    {
      at: t,
      kind: 'disposition',
      from: state.disposition,
      to,
      direction: null,
      cause: action === 'reopen' ? FIXED_CAUSES.reopened : FIXED_CAUSES.sales,
      score,
    },
  ];
  state.disposition = to;
  state.dispositionAt = t;
  if (to === 'rejected') {
    clearRejection(state, t);
    state.rejectedAt = t;
  } else clearRejection(state, t);
  out.push(...evaluate(ctx, state, snap, t, action === 'reopen' ? FIXED_CAUSES.reopened : salesCause(action)));
  return out;
}
