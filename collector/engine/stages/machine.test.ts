import { describe, expect, it } from 'vitest';
import { advanceModel, createLeadModel, nextTimerAt, stepAction, stepEvents, type LeadModel } from './lead-model.js';
import type { Transition } from './machine.js';
import { ruleCause } from '../../events/domain.js';
import { memoryLoader } from '../scoring/incremental.js';
import { DAY_MS, type ScoringEvent } from '../rules/compile.js';
import { rulesFrom } from '../../../test/support/engine.js';

const T0 = Date.UTC(2025, 0, 1);
const rules = rulesFrom({
  halfLifeDays: 30,
  engagementRules: [
    { id: 'p', label: 'view', match: { types: ['pageview'] }, points: 10, text: 'viewed' },
    {
      id: 'demo',
      label: 'demo',
      match: { types: ['form'], form: { ids: ['demo*'] } },
      points: 40,
      cap: { points: 40, days: 30 },
      highIntent: true,
      text: 'demo',
    },
  ],
  fitRules: [],
  stages: {
    hysteresis: 0.2,
    mql: { score: 50, minEngagement: 20 },
    sql: { minBant: 2, intentWindowDays: 14, engagement: 120 },
    nearSql: { maxMissingBant: 1 },
  },
});

let seq = 0;
function lead() {
  const { model, transitions } = createLeadModel('ann@acme.io', T0, ++seq);
  const all: ScoringEvent[] = [];
  const log: Transition[] = [...transitions];
  const push = (at: number, type: 'pageview' | 'form', props: ScoringEvent['props'] = {}) => {
    const e: ScoringEvent = { seq: ++seq, type, ts: at, name: null, path: '/', pageClass: null, props };
    all.push(e);
    const r = stepEvents(
      rules,
      model,
      at,
      [e],
      memoryLoader(() => all),
      ruleCause(`event:${e.seq}`),
    );
    log.push(...r.transitions);
    return r.transitions;
  };
  const views = (at: number, n: number) => Array.from({ length: n }, () => push(at, 'pageview')).flat();
  const sweep = (to: number) => {
    const t = advanceModel(rules, model, to);
    log.push(...t);
    return t;
  };
  const act = (action: Parameters<typeof stepAction>[2], at: number) => {
    const t = stepAction(rules, model, action, at);
    log.push(...t);
    return t;
  };
  return { model: model as LeadModel, push, views, sweep, act, log };
}
const stages = (ts: readonly Transition[]) => ts.filter((t) => t.kind === 'stage').map((t) => `${t.from}>${t.to}`);
const BANT2 = { form: { id: 'demo', fields: { budget: 'yes', timeline: 'this quarter' } } };

describe('stages with hysteresis', () => {
  it('rise at the threshold, fall only below threshold × (1 − hysteresis), then may rise (and alert) again', () => {
    const l = lead();
    expect(stages(l.views(T0, 5))).toEqual(['lead>mql']);
    // Decay alone: 50 → 40 takes 30·log2(1.25) ≈ 9.66 days; at 45 (4.6 days) it still holds.
    expect(l.sweep(T0 + 5 * DAY_MS)).toEqual([]);
    const fall = l.sweep(T0 + 11 * DAY_MS);
    expect(stages(fall)).toEqual(['mql>lead']);
    expect(fall[0]!.cause).toBe('engagement decayed');
    expect(Math.abs(fall[0]!.at - (T0 + 30 * Math.log2(1.25) * DAY_MS))).toBeLessThan(10);
    expect(fall[0]!.score).toBeCloseTo(40, 3);
    // ~39.2 + 10 < 50: not yet; one more view crosses again.
    expect(stages(l.views(T0 + 11 * DAY_MS, 1))).toEqual([]);
    const again = l.views(T0 + 11 * DAY_MS + 10, 1);
    expect(again.map((t) => `${t.from}>${t.to}:${t.direction}`)).toEqual(['lead>mql:up']);
  });

  it('do not re-alert on a dip that stays above the fall threshold', () => {
    const l = lead();
    l.views(T0, 5);
    l.sweep(T0 + 6 * DAY_MS); // ~43.6: below 50, above 40
    expect(l.model.machine.stage).toBe('mql');
    expect(stages(l.views(T0 + 6 * DAY_MS, 2))).toEqual([]);
    expect(l.log.filter((t) => t.direction === 'up').map((t) => t.to)).toEqual(['lead', 'mql']);
  });

  it('compute the next crossing time exactly', () => {
    const l = lead();
    l.views(T0, 5);
    const at = nextTimerAt(rules, l.model)!;
    expect(Math.abs(at - (T0 + 30 * Math.log2(50 / 40) * DAY_MS))).toBeLessThan(5);
  });
});

describe('SQL criteria', () => {
  it('a high-intent action plus two BANT criteria makes an SQL; the intent window expiring drops it', () => {
    const l = lead();
    expect(stages(l.push(T0, 'form', BANT2))).toEqual(['lead>sql']);
    expect(l.model.machine.sqlSince).toBe(T0);
    const expired = l.sweep(T0 + 20 * DAY_MS);
    expect(expired.map((t) => t.cause)).toEqual(['intent window expired']);
    // 40 points decayed, no intent: not MQL (score < 40); near-SQL needs intent or MQL.
    expect(l.model.machine.stage).toBe('lead');
  });

  it('near-SQL: intent with one BANT criterion missing, or MQL with enough BANT and no intent', () => {
    const l = lead();
    expect(stages(l.push(T0, 'form', { form: { id: 'demo', fields: { budget: 'yes' } } }))).toEqual(['lead>near_sql']);
    const m = lead();
    m.push(T0, 'form', { form: { id: 'newsletter', fields: { budget: 'yes', timeline: 'now' } } });
    m.sweep(T0 + 30 * DAY_MS);
    expect(m.model.machine.stage).toBe('lead');
    expect(stages(m.views(T0 + 30 * DAY_MS, 4))).toEqual([]);
    expect(stages(m.views(T0 + 30 * DAY_MS, 1))).toEqual(['lead>near_sql']);
  });

  it('very high engagement stands in for a high-intent action', () => {
    const l = lead();
    l.push(T0, 'form', { form: { id: 'n', fields: { budget: 'yes', need: 'crm' } } });
    l.sweep(T0 + 60 * DAY_MS);
    expect(stages(l.views(T0 + 60 * DAY_MS, 12))).toEqual(['lead>near_sql', 'near_sql>sql']);
  });
});

describe('dispositions', () => {
  it('rejected returns an SQL to nurture until new activity after the rejection re-qualifies it', () => {
    const l = lead();
    l.push(T0, 'form', BANT2);
    const rejected = l.act('rejected', T0 + DAY_MS);
    expect(rejected.map((t) => `${t.kind}:${t.from}>${t.to}`)).toEqual(['disposition:null>rejected', 'stage:sql>lead']);
    // Old intent and plain views do not bring it back (MQL score with two BANT answers is near-SQL)...
    expect(stages(l.views(T0 + 2 * DAY_MS, 3))).toEqual(['lead>near_sql']);
    expect(l.model.machine.stage).toBe('near_sql');
    // ...a new demo request does (even though its cap awards no points), and clears the rejection.
    const back = l.push(T0 + 3 * DAY_MS, 'form', { form: { id: 'demo', fields: {} } });
    expect(back.map((t) => `${t.kind}:${t.from}>${t.to}`)).toEqual(['disposition:rejected>null', 'stage:near_sql>sql']);
    expect(l.model.machine.disposition).toBeNull();
  });

  it('rejected leads re-qualify on engagement earned after the rejection', () => {
    const l = lead();
    l.push(T0, 'form', BANT2);
    l.views(T0, 10);
    l.act('rejected', T0 + DAY_MS);
    expect(l.model.machine.stage).not.toBe('sql');
    const back = l.views(T0 + DAY_MS, 12);
    expect(stages(back)).toEqual([`${back.find((t) => t.kind === 'stage')!.from}>sql`]);
  });

  it('won and lost are terminal until reopened; accepted changes nothing', () => {
    const l = lead();
    l.push(T0, 'form', BANT2);
    expect(l.act('accepted', T0 + 1).map((t) => `${t.kind}:${t.to}`)).toEqual(['disposition:accepted']);
    l.act('won', T0 + 2);
    expect(l.sweep(T0 + 100 * DAY_MS)).toEqual([]);
    expect(stages(l.views(T0 + 100 * DAY_MS, 3))).toEqual([]);
    expect(l.model.machine.stage).toBe('sql');
    const reopened = l.act('reopen', T0 + 100 * DAY_MS + 10);
    expect(reopened.map((t) => `${t.kind}:${t.from}>${t.to}`)).toEqual(['disposition:won>null', 'stage:sql>lead']);
    expect(reopened[1]!.cause).toBe('reopened');
    const lost = lead();
    lost.views(T0, 5);
    lost.act('lost', T0 + 10);
    expect(lost.sweep(T0 + 60 * DAY_MS)).toEqual([]);
    expect(lost.model.machine.stage).toBe('mql');
  });

  it('record first MQL and SQL times for the funnel', () => {
    const l = lead();
    l.views(T0, 5);
    l.push(T0 + DAY_MS, 'form', BANT2);
    expect(l.model.machine.firstMqlAt).toBe(T0);
    expect(l.model.machine.firstSqlAt).toBe(T0 + DAY_MS);
  });
});
