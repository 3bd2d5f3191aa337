import { describe, expect, it } from 'vitest';
import { FIXED_CAUSES, type ChangeCause } from '../../events/domain.js';
import { DAY_MS } from '../rules/compile.js';
import { rulesFrom } from '../../../test/support/engine.js';
import { LEAD_STAGES, stageRank, type LeadStage } from './criteria.js';
import { createLeadModel, nextTimerAt, stepEvents } from './lead-model.js';
import { newMachine, nextTimer, type MachineContext, type MachineState, type Snapshot } from './machine.js';
import type { StageSettings } from './settings.js';
import { memoryLoader } from '../scoring/incremental.js';
import { ruleCause } from '../../events/domain.js';

/**
 * The timer search reads thresholds computed once per settings and keeps its candidate in module
 * state (no lists, closures or objects per step). Its reference: the search as it was written
 * before, building each level list per call — both must find the same moment and cause, to the bit.
 */
function referenceThresholds(s: StageSettings, held: LeadStage, fit: number, bant: number) {
  const engagement: number[] = [];
  const since: number[] = [];
  const k = (stage: LeadStage) => (stageRank(held) >= stageRank(stage) ? 1 - s.hysteresis : 1);
  const mqlLevels = (f: number) => [s.mql.score * f - fit, s.mql.minEngagement * f];
  const intentLevels = (f: number) => {
    engagement.push(s.sql.engagement * f);
    since.push(s.sql.engagement * f);
  };
  engagement.push(...mqlLevels(k('mql')));
  if (bant >= s.sql.minBant - s.nearSql.maxMissingBant) intentLevels(k('near_sql'));
  if (bant >= s.sql.minBant) {
    engagement.push(...mqlLevels(k('near_sql')));
    intentLevels(k('sql'));
  }
  return { engagement, since };
}

function referenceTimer(
  ctx: MachineContext,
  state: MachineState,
  snap: Snapshot,
  after: number,
): { at: number; cause: ChangeCause } | null {
  if (state.disposition === 'won' || state.disposition === 'lost') return null;
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
  const levels = referenceThresholds(ctx.stages, state.stage, snap.fit, snap.bant);
  crossings(snap.engagementAt(after), levels.engagement);
  const windowMs = ctx.stages.sql.intentWindowDays * DAY_MS;
  if (snap.highIntentTs !== null && snap.highIntentTs + windowMs >= after)
    consider(snap.highIntentTs + windowMs, FIXED_CAUSES.intentExpired);
  if (state.rejectedAt !== null) {
    const since = state.since.value === 0 ? 0 : state.since.value * Math.pow(2, (state.since.at - after) / ctx.halfLifeMs);
    crossings(since, levels.since);
    if (state.highIntentSinceTs !== null && state.highIntentSinceTs + windowMs >= after)
      consider(state.highIntentSinceTs + windowMs, FIXED_CAUSES.intentExpired);
  }
  return best;
}

// Deterministic pseudo-random numbers, so a failure reproduces.
let seed = 18;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const T0 = Date.UTC(2025, 0, 1);

describe('the timer search', () => {
  it('finds the same moment and cause as the reference, over random settings, stages, scores and rejections', () => {
    const settings: StageSettings[] = [];
    for (let i = 0; i < 8; i++) {
      const minBant = Math.floor(rnd() * 5);
      settings.push({
        hysteresis: [0, 0.2, rnd() * 0.9][i % 3]!,
        mql: { score: 10 + rnd() * 90, minEngagement: 5 + rnd() * 40 },
        sql: { minBant, intentWindowDays: 1 + rnd() * 30, engagement: 50 + rnd() * 200 },
        nearSql: { maxMissingBant: Math.floor(rnd() * (minBant + 1)) },
      });
    }
    let timers = 0;
    for (let i = 0; i < 4000; i++) {
      const ctx: MachineContext = { stages: settings[i % settings.length]!, halfLifeMs: (1 + rnd() * 60) * DAY_MS };
      const state = newMachine(T0).state;
      state.stage = LEAD_STAGES[Math.floor(rnd() * LEAD_STAGES.length)]!;
      state.disposition = rnd() < 0.1 ? 'won' : rnd() < 0.3 ? 'rejected' : null;
      if (state.disposition === 'rejected') {
        state.rejectedAt = T0;
        state.since = { value: rnd() < 0.2 ? 0 : (rnd() - 0.1) * 300, at: T0 + rnd() * DAY_MS };
        state.highIntentSinceTs = rnd() < 0.5 ? null : T0 + rnd() * 20 * DAY_MS;
      }
      const after = T0 + Math.floor(rnd() * 20 * DAY_MS);
      const k = (rnd() - 0.1) * 300;
      const snap: Snapshot = {
        engagementAt: (t) => (k === 0 ? 0 : k * Math.pow(2, (after - t) / ctx.halfLifeMs)),
        fit: Math.floor((rnd() - 0.2) * 60),
        bant: Math.floor(rnd() * 5),
        highIntentTs: rnd() < 0.5 ? null : T0 + rnd() * 20 * DAY_MS,
      };
      const expected = referenceTimer(ctx, state, snap, after);
      expect(nextTimer(ctx, state, snap, after)).toEqual(expected);
      if (expected) timers++;
    }
    expect(timers).toBeGreaterThan(1000);
  });

  const stages = (hysteresis: number) => ({
    hysteresis,
    mql: { score: 50, minEngagement: 20 },
    sql: { minBant: 2, intentWindowDays: 14, engagement: 120 },
    nearSql: { maxMissingBant: 1 },
  });
  const views = { id: 'p', label: 'view', match: { types: ['pageview' as const] }, points: 10, text: 'viewed' };
  /** An MQL at 50 points of engagement (fit 0), on `rules`: its fall is due when 50 decays to 50·(1 − hysteresis). */
  function mqlAt50(rules: ReturnType<typeof rulesFrom>) {
    const { model } = createLeadModel('ann@acme.io', T0, 1);
    const events = Array.from({ length: 5 }, (_, i) => ({
      seq: i + 2,
      type: 'pageview' as const,
      ts: T0,
      name: null,
      path: '/',
      pageClass: null,
      props: {},
    }));
    stepEvents(
      rules,
      model,
      T0,
      events,
      memoryLoader(() => events),
      ruleCause('views'),
    );
    expect(model.machine.stage).toBe('mql');
    return model;
  }
  const fallAt = (hysteresis: number) => Math.floor(T0 + 30 * DAY_MS * Math.log2(1 / (1 - hysteresis))) + 1;

  it('uses the thresholds of the rules it is given, never those cached for earlier rules', () => {
    const before = rulesFrom({ halfLifeDays: 30, engagementRules: [views], fitRules: [], stages: stages(0.2) });
    const model = mqlAt50(before);
    expect(nextTimerAt(before, model)).toBe(fallAt(0.2));
    // A new rules version (its own settings object), the same lead model.
    const after = rulesFrom({ halfLifeDays: 30, engagementRules: [views], fitRules: [], stages: stages(0.5) });
    expect(nextTimerAt(after, model)).toBe(fallAt(0.5));
    expect(nextTimerAt(before, model)).toBe(fallAt(0.2));
  });

  it('recomputes the thresholds when the settings object they were cached for is changed in place', () => {
    const rules = rulesFrom({ halfLifeDays: 30, engagementRules: [views], fitRules: [], stages: stages(0.2) });
    const model = mqlAt50(rules);
    expect(nextTimerAt(rules, model)).toBe(fallAt(0.2));
    rules.stages.hysteresis = 0.5;
    expect(nextTimerAt(rules, model)).toBe(fallAt(0.5));
    rules.stages.hysteresis = 0.2;
    rules.stages.mql.score = 45; // 50 → 36 for the score test; minEngagement 20 → 16 is not the first
    expect(nextTimerAt(rules, model)).toBe(Math.floor(T0 + 30 * DAY_MS * Math.log2(50 / 36)) + 1);
  });
});
