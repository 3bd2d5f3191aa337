import { describe, expect, it } from 'vitest';
import { scoringSchema } from '../engine/config.js';
import { distribution, proposeChange, proposedScoring, reviewFindings, ruleLifts, thresholdReview, type ReviewLead } from './compute.js';
import { quarterOf, quarterRange } from './quarter.js';

const lead = (
  id: number,
  disposition: ReviewLead['disposition'],
  rules: string[],
  actionScore: number | null,
  sqlScore: number | null,
): ReviewLead => ({
  id,
  disposition,
  rules,
  actionScore,
  sqlScore,
});
// Six won, five lost or rejected; which rules scored each, and their scores at the first sales action and at SQL entry.
const LEADS = [
  lead(1, 'won', ['pricing', 'demo'], 40, null),
  lead(2, 'won', ['pricing', 'demo', 'webinar'], 55, 60),
  lead(3, 'won', ['pricing', 'demo', 'careers'], 60, 70),
  lead(4, 'won', ['pricing', 'demo'], 70, 80),
  lead(5, 'won', ['demo', 'webinar'], 80, 90),
  lead(6, 'won', ['demo'], 95, 100),
  lead(7, 'lost', ['pricing', 'careers'], 30, null),
  lead(8, 'lost', ['careers'], 20, null),
  lead(9, 'lost', ['pricing', 'demo'], 65, 70),
  lead(10, 'rejected', ['careers'], 52, 60),
  lead(11, 'rejected', [], 10, null),
]; // prettier-ignore
const RULES = ['pricing', 'demo', 'careers', 'webinar'];
const scoring = scoringSchema.parse({});

describe('the quarterly review', () => {
  it('lifts: share of won leads matching ÷ share of lost/rejected matching', () => {
    expect(ruleLifts(LEADS, RULES)).toEqual([
      // 4/6 ÷ 2/5 = 0.667 ÷ 0.4 = 1.667
      { ruleId: 'pricing', won: 4, wonTotal: 6, lostRejected: 2, lostRejectedTotal: 5, lift: 1.667, tooFew: false },
      // 6/6 ÷ 1/5 = 5
      { ruleId: 'demo', won: 6, wonTotal: 6, lostRejected: 1, lostRejectedTotal: 5, lift: 5, tooFew: false },
      // 1/6 ÷ 3/5 = 0.1667 ÷ 0.6 = 0.278
      { ruleId: 'careers', won: 1, wonTotal: 6, lostRejected: 3, lostRejectedTotal: 5, lift: 0.278, tooFew: false },
      // never among the lost: no ratio
      { ruleId: 'webinar', won: 2, wonTotal: 6, lostRejected: 0, lostRejectedTotal: 5, lift: null, tooFew: false },
    ]);
  });

  it('marks every lift "too few" under five of either outcome', () => {
    const fewer = LEADS.filter((l) => l.id !== 11);
    expect(ruleLifts(fewer, ['pricing'])).toEqual([
      // 4/6 ÷ 2/4 = 1.333
      { ruleId: 'pricing', won: 4, wonTotal: 6, lostRejected: 2, lostRejectedTotal: 4, lift: 1.333, tooFew: true },
    ]);
  });

  it("puts the won leads' scores beside the thresholds", () => {
    // At first action: 40 55 60 70 80 95 → p25 at rank 1.25 = 55 + 0.25·5 = 56.25; median 65; p75 at 3.75 = 70 + 7.5 = 77.5 → 78.
    // At SQL entry (lead 1 never entered SQL): 60 70 80 90 100.
    expect(thresholdReview(LEADS, scoring.stages)).toEqual({
      thresholds: { mqlScore: 50, sqlEngagement: 120, nearSqlMaxMissingBant: 1 },
      wonAtSqlEntry: { n: 5, min: 60, p25: 70, median: 80, p75: 90, max: 100 },
      wonAtFirstAction: { n: 6, min: 40, p25: 56, median: 65, p75: 78, max: 95 },
      wonBelowMql: 1,
    });
    expect(distribution([])).toEqual({ n: 0, min: null, p25: null, median: null, p75: null, max: null });
  });

  it('proposes dropping the weakest rule under 0.8, else moving the MQL threshold to the p25, else nothing', () => {
    const lifts = ruleLifts(LEADS, RULES);
    const thresholds = thresholdReview(LEADS, scoring.stages);
    expect(proposeChange(lifts, thresholds)).toMatchObject({ kind: 'drop-rule', ruleId: 'careers', lift: 0.278 });
    const noWeak = lifts.filter((l) => l.ruleId !== 'careers');
    // |56 − 50| / 50 = 12% ≥ 10%.
    expect(proposeChange(noWeak, thresholds)).toMatchObject({ kind: 'mql-threshold', from: 50, to: 56 });
    const near = thresholdReview(LEADS, { ...scoring.stages, mql: { ...scoring.stages.mql, score: 53 } });
    // |56 − 53| / 53 = 5.7%: left alone.
    expect(proposeChange(noWeak, near).kind).toBe('none');
    // A weak lift on too few outcomes proposes nothing either.
    expect(proposeChange([{ ...lifts[2]!, tooFew: true }], near).kind).toBe('none');
  });

  it('turns the proposal into rules: the rule gone, or the threshold moved, all else kept', () => {
    const current = scoringSchema.parse({});
    const someRule = current.engagementRules[0]!.id;
    const dropped = proposedScoring(current, { kind: 'drop-rule', ruleId: someRule, lift: 0.1, why: '' });
    expect(dropped.engagementRules.map((r) => r.id)).toEqual(current.engagementRules.slice(1).map((r) => r.id));
    expect(dropped.fitRules).toEqual(current.fitRules);
    expect(proposedScoring(current, { kind: 'mql-threshold', from: 50, to: 56, why: '' }).stages.mql.score).toBe(56);
    expect(current.stages.mql.score).toBe(50);
  });

  it('counts the outcomes it rests on', () => {
    const sla = { slaHours: 48, withinSla: 0, late: 0, pending: 0, share: null, medianToFirstActionMs: null };
    const f = reviewFindings({ quarter: '2026Q3', leads: LEADS, ruleIds: RULES, scoring, sla });
    expect(f.outcomes).toEqual({ won: 6, lostRejected: 5, minimum: 5 });
  });

  it('reads quarters', () => {
    expect(quarterRange('2026Q3')).toEqual({ from: Date.UTC(2026, 6, 1), to: Date.UTC(2026, 9, 1) });
    expect(quarterRange('2026Q4')).toEqual({ from: Date.UTC(2026, 9, 1), to: Date.UTC(2027, 0, 1) });
    expect(quarterRange('2026Q5')).toBeNull();
    expect(quarterOf(Date.UTC(2026, 8, 30, 23))).toBe('2026Q3');
  });
});
