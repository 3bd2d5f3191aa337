import { FIXED_CAUSES, salesCause, type ChangeCause, type Disposition } from '../../events/domain.js';
import { engagementThresholds, stageRank, targetStage, type LeadStage, type Metrics } from './criteria.js';
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

export function metricsAt(ctx: MachineContext, state: MachineState, snap: Snapshot, t: number): Metrics {
  const windowMs = ctx.stages.sql.intentWindowDays * DAY_MS;
  const within = (ts: number | null) => ts !== null && ts >= t - windowMs;
  return {
    engagement: snap.engagementAt(t),
    fit: snap.fit,
    bant: snap.bant,
    intentAction: within(snap.highIntentTs),
    rejected: state.rejectedAt !== null,
    engagementSince: sinceAt(ctx, state, t),
    intentActionSince: within(state.highIntentSinceTs),
  };
}

function clearRejection(state: MachineState, t: number): void {
  state.rejectedAt = null;
  state.since = { value: 0, at: t };
  state.highIntentSinceTs = null;
}

/** Re-evaluates the stage at time t; returns what changed. Won and lost leads keep their stage. */
export function evaluate(ctx: MachineContext, state: MachineState, snap: Snapshot, t: number, cause: ChangeCause): Transition[] {
  state.at = Math.max(state.at, t);
  if (FROZEN.has(state.disposition)) return [];
  const m = metricsAt(ctx, state, snap, t);
  const target = targetStage(state.stage, m, ctx.stages);
  const score = m.engagement + m.fit;
  const out: Transition[] = [];
  if (target === 'sql' && state.disposition === 'rejected') {
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

/** The next moment after `after` at which a stage test may flip without any new event, or null. */
export function nextTimer(
  ctx: MachineContext,
  state: MachineState,
  snap: Snapshot,
  after: number,
): { at: number; cause: ChangeCause } | null {
  if (FROZEN.has(state.disposition)) return null;
  let best: { at: number; cause: ChangeCause } | null = null;
  const consider = (t: number, cause: ChangeCause) => {
    const at = Math.max(after + 1, Math.floor(t) + 1);
    if (Number.isFinite(at) && (!best || at < best.at)) best = { at, cause };
  };
  const crossings = (value: number, levels: number[]) => {
    for (const c of levels) {
      const crossed = value > 0 ? c > 0 && c <= value : value < 0 && c < 0 && c > value;
      if (crossed) consider(after + ctx.halfLifeMs * Math.log2(value / c), FIXED_CAUSES.decayed);
    }
  };
  const levels = engagementThresholds(ctx.stages, state.stage, snap.fit, snap.bant);
  crossings(snap.engagementAt(after), levels.engagement);
  const windowMs = ctx.stages.sql.intentWindowDays * DAY_MS;
  if (snap.highIntentTs !== null && snap.highIntentTs + windowMs >= after)
    consider(snap.highIntentTs + windowMs, FIXED_CAUSES.intentExpired);
  if (state.rejectedAt !== null) {
    crossings(sinceAt(ctx, state, after), levels.since);
    if (state.highIntentSinceTs !== null && state.highIntentSinceTs + windowMs >= after)
      consider(state.highIntentSinceTs + windowMs, FIXED_CAUSES.intentExpired);
  }
  return best;
}

/** Processes every timer up to and including `to`. */
export function advance(ctx: MachineContext, state: MachineState, snap: Snapshot, to: number): Transition[] {
  const out: Transition[] = [];
  for (let timer = nextTimer(ctx, state, snap, state.at); timer && timer.at <= to; timer = nextTimer(ctx, state, snap, state.at)) {
    out.push(...evaluate(ctx, state, snap, timer.at, timer.cause));
  }
  return out;
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
