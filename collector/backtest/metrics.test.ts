import { describe, expect, it } from 'vitest';
import type { Disposition } from '../events/domain.js';
import { bandChanges, isoWeek, reportRuleSet, type LeadReplay } from './metrics.js';

const replay = (leadId: number, extra: Partial<LeadReplay>): LeadReplay => ({
  leadId,
  band: 'lead',
  score: 0,
  everMql: false,
  everSql: false,
  sqlAlertsAt: [],
  rules: [],
  ...extra,
});
const at = (iso: string) => Date.parse(iso);

describe('isoWeek', () => {
  it.each([
    ['2025-01-01T00:00:00Z', '2025-W01'],
    ['2024-12-30T00:00:00Z', '2025-W01'], // Monday of the week holding 2025's first Thursday
    ['2024-12-29T23:59:59Z', '2024-W52'],
    ['2021-01-03T12:00:00Z', '2020-W53'],
    ['2025-03-10T00:00:00Z', '2025-W11'],
    ['2025-03-16T23:59:59Z', '2025-W11'],
  ])('%s is %s', (iso, week) => expect(isoWeek(at(iso))).toBe(week));
});

describe('reportRuleSet', () => {
  // Six leads, four judged by sales: 1 won, 2 accepted (positive), 3 rejected, 4 lost (negative).
  const dispositions = new Map<number, Disposition | null>([
    [1, 'won'],
    [2, 'accepted'],
    [3, 'rejected'],
    [4, 'lost'],
    [5, null],
  ]);
  const replays = [
    replay(1, {
      band: 'sql',
      everMql: true,
      everSql: true,
      sqlAlertsAt: [at('2025-03-03T10:00:00Z'), at('2025-03-20T10:00:00Z')],
      rules: ['pricing', 'demo'],
    }),
    replay(2, { band: 'mql', everMql: true, rules: ['pricing'] }),
    replay(3, { band: 'near_sql', everMql: true, everSql: true, sqlAlertsAt: [at('2025-03-04T10:00:00Z')], rules: ['pricing', 'careers'] }),
    replay(4, { band: 'lead', rules: ['careers'] }),
    replay(5, { band: 'sql', everMql: true, everSql: true, sqlAlertsAt: [at('2025-03-09T23:00:00Z')], rules: ['demo'] }),
    replay(6, { band: 'mql', everMql: true }),
  ];
  const report = reportRuleSet(replays, dispositions, ['pricing', 'demo', 'careers', 'unused']);

  it('counts bands now and alerts per ISO week', () => {
    expect(report.counts).toEqual({ lead: 1, mql: 2, near_sql: 1, sql: 2 });
    expect(report.alertsPerWeek).toEqual({ '2025-W10': 3, '2025-W12': 1 });
    expect(report.alerts).toBe(4);
  });

  it('scores SQL against the dispositions', () => {
    // flagged (ever SQL): 1 (+), 3 (−), 5 (unjudged); not flagged: 2 (+), 4 (−).
    expect(report.confusion).toEqual({ truePositive: 1, falsePositive: 1, falseNegative: 1, trueNegative: 1 });
    expect(report.precision).toBe(0.5);
    expect(report.recall).toBe(0.5);
    // Four judged leads: far too few to mean anything; two of them never reached SQL.
    expect(report.outcomes).toEqual({ judged: 4, positive: 2, negative: 2, tooFew: true, onlyFlaggedJudged: false });
  });

  it('says when the outcomes are enough, and when sales judged only flagged leads (recall 1 by construction)', () => {
    const many = Array.from({ length: 30 }, (_, i) => replay(i + 1, { band: 'sql', everMql: true, everSql: i < 25 }));
    const judged = new Map(many.map((r) => [r.leadId, r.leadId % 3 === 0 ? ('lost' as const) : ('won' as const)]));
    // 30 judged: ids divisible by 3 lost (10), the other 20 won.
    expect(reportRuleSet(many, judged, []).outcomes).toEqual({
      judged: 30,
      positive: 20,
      negative: 10,
      tooFew: false,
      onlyFlaggedJudged: false,
    });
    const nineLost = new Map([...judged].map(([id, d]) => [id, id === 3 ? ('won' as const) : d]));
    expect(reportRuleSet(many, nineLost, []).outcomes.tooFew).toBe(true);
    const sqlOnly = reportRuleSet(many.slice(0, 25), judged, []);
    expect([sqlOnly.recall, sqlOnly.outcomes.onlyFlaggedJudged]).toEqual([1, true]);
  });

  it('MQL→SQL and SQL→won rates', () => {
    // ever MQL: 1, 2, 3, 5, 6 → of those ever SQL: 1, 3, 5 → 3/5; ever SQL: 1, 3, 5 → won: 1 → 1/3.
    expect(report.mqlToSql).toBe(3 / 5);
    expect(report.sqlToWon).toBe(1 / 3);
  });

  it('rule lift: positive rate of the judged leads a rule scored, against the base rate (2 of 4)', () => {
    const byId = Object.fromEntries(report.ruleLift.map((r) => [r.ruleId, r]));
    expect(byId.pricing).toEqual({ ruleId: 'pricing', leads: 3, positive: 2, negative: 1, positiveRate: 2 / 3, lift: 2 / 3 / 0.5 });
    expect(byId.demo).toEqual({ ruleId: 'demo', leads: 2, positive: 1, negative: 0, positiveRate: 1, lift: 2 });
    expect(byId.careers).toEqual({ ruleId: 'careers', leads: 2, positive: 0, negative: 2, positiveRate: 0, lift: 0 });
    expect(byId.unused).toEqual({ ruleId: 'unused', leads: 0, positive: 0, negative: 0, positiveRate: null, lift: null });
  });

  it('reports null rates rather than dividing by zero', () => {
    const empty = reportRuleSet([], new Map(), ['a']);
    expect([empty.precision, empty.recall, empty.mqlToSql, empty.sqlToWon, empty.ruleLift[0]!.lift]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});

describe('bandChanges', () => {
  it('lists leads whose band differs, biggest moves first', () => {
    const current = [replay(1, { band: 'sql', score: 90 }), replay(2, { band: 'mql', score: 55 }), replay(3, { band: 'lead', score: 5 })];
    const proposed = [replay(1, { band: 'lead', score: 20 }), replay(2, { band: 'mql', score: 60 }), replay(3, { band: 'mql', score: 51 })];
    const emails = new Map([
      [1, 'a@x.io'],
      [3, 'c@x.io'],
    ]);
    expect(bandChanges(current, proposed, emails, new Map([[1, 'rejected' as const]]))).toEqual([
      { leadId: 1, email: 'a@x.io', from: 'sql', to: 'lead', scoreFrom: 90, scoreTo: 20, disposition: 'rejected' },
      { leadId: 3, email: 'c@x.io', from: 'lead', to: 'mql', scoreFrom: 5, scoreTo: 51, disposition: null },
    ]);
  });
});
