import { describe, expect, it } from 'vitest';
import { seededStores } from '../../test/support/seeded-reads.js';
import { at, kpiFixture } from '../../test/support/kpis-fixture.js';
import { periodFunnel } from '../kpis/report.js';

const H = 3_600_000;
const NOW = at(8, 10);
// Leads worked by hand below. July 2026 is the period; Jul 1 is a Wednesday. Lead 2's win came in from
// the CRM on Aug 5, dated Jul 20 with its deal; Sam owns leads 1 and 2, Ria leads 4 and 9.
const SAM = { id: 1, name: 'Sam' };
const RIA = { id: 2, name: 'Ria' };
const fixture = kpiFixture([
  { id: 1, created: at(6, 20), mql: at(7, 2), sql: at(7, 5), stage: 'sql', actions: [['accepted', at(7, 6)]], owner: SAM,
    browsers: [[at(6, 19), 'google', 'cpc', null]], landing: [null, null, 'www.google.com'] },
  { id: 2, created: at(7, 3), mql: at(7, 3), sql: at(7, 10), stage: 'sql', owner: SAM,
    actions: [['accepted', at(7, 11, 6)], ['won', at(8, 5), { occurredAt: at(7, 20), amount: 12000, currency: 'USD' }]],
    browsers: [[at(7, 1), 'newsletter', 'email', null], [at(6, 1), null, null, 'www.linkedin.com']], landing: ['newsletter', 'email', null] },
  { id: 3, created: at(7, 5), mql: at(7, 8), stage: 'mql', browsers: [[at(7, 4), null, null, null]], landing: [null, null, 'www.g2.com'] },
  { id: 4, created: at(7, 7), mql: at(7, 9), sql: at(7, 9, 12), stage: 'sql', source: 'bing', actions: [['reopen', at(7, 10)]], landing: null, owner: RIA },
  { id: 5, created: at(7, 20), stage: 'lead', browsers: [[at(7, 20), 'facebook', 'paid_social', null]], landing: ['facebook', 'paid_social', null] },
  { id: 6, created: at(7, 25), mql: at(8, 3), stage: 'mql', browsers: [[at(7, 25), null, null, 'news.example.org']], landing: [null, null, 'news.example.org'] },
  { id: 7, created: at(5, 1), mql: at(5, 2), sql: at(5, 3), stage: 'sql', actions: [['accepted', at(5, 4)], ['lost', at(7, 15)]],
    browsers: [[at(5, 1), 'google', 'organic', null]], landing: ['google', 'organic', null] },
  { id: 8, created: at(8, 2), stage: 'lead' },
  { id: 9, created: at(7, 12), mql: at(7, 14), sql: at(7, 14), stage: 'sql', actions: [['rejected', at(7, 16, 12)]], owner: RIA,
    browsers: [[at(7, 12), 'partnerx', 'affiliate', null]], landing: ['partnerx', 'affiliate', null] },
  { id: 10, created: at(3, 1), mql: at(3, 2), sql: at(3, 3), stage: 'sql', actions: [['accepted', at(3, 3, 1)], ['won', at(3, 20)]] },
  { id: 11, created: at(8, 9), mql: at(8, 9), sql: at(8, 9, 1), stage: 'sql' },
]); // prettier-ignore

const STORES = seededStores('collector/store/kpis.test.ts', fixture);

const july = { from: '2026-07-01', to: '2026-07-31', interval: 'week' } as const;
const report = (reads: Parameters<typeof periodFunnel>[0], mode: 'activity' | 'cohort', interval: 'week' | 'month' = 'week') =>
  periodFunnel(reads, { ...july, mode, interval }, { now: NOW, slaHours: 48 });
const times = (n: number, medianH: number | null, p75H: number | null, alreadyPast: number) => ({
  n,
  medianMs: medianH === null ? null : medianH * H,
  p75Ms: p75H === null ? null : p75H * H,
  alreadyPast,
});
const channelCounts = (rows: { channel: string; counts: Record<string, number> }[]) =>
  rows.map((r) => [r.channel, r.counts.lead, r.counts.mql, r.counts.sql, r.counts.won, r.counts.lost, r.counts.rejected]);

for (const store of STORES) {
  describe.runIf(store.enabled)(`KPI reads on ${store.name}`, () => {
    const reads = store.harness();

    it('reads the leads with a milestone in the range, and every SQL still waiting for sales', async () => {
      const rows = await reads().kpiLeads(at(7, 1), at(8, 1));
      expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 9, 11]);
      const two = rows.find((r) => r.id === 2)!;
      // The won (latest disposition) time; the first action after SQL; the earliest browser's landing.
      expect([two.disposition, two.disposition_at, two.first_action_at]).toEqual(['won', at(7, 20), at(7, 11, 6)]);
      expect([two.ft_at, two.ft_referrer, two.ft_source, two.lt_source, two.lt_medium]).toEqual([
        at(6, 1),
        'www.linkedin.com',
        null,
        'newsletter',
        'email',
      ]);
      const four = rows.find((r) => r.id === 4)!;
      // A reopen is no sales action; no browser left, no identifying event left.
      expect([four.first_action_at, four.disposition_at, four.ft_at, four.lt_seq]).toEqual([null, null, null, null]);
    });

    it('counts the activity reading: what happened in July', async () => {
      const r = await report(reads(), 'activity');
      expect(r.counts).toEqual({ lead: 6, mql: 5, sql: 4, accepted: 1, won: 1, lost: 1, rejected: 1 });
      expect(r.rates).toEqual({ mqlToSql: 0.8, sqlToWon: 0.25 });
    });

    it("sums won revenue beside the counts, at the CRM's date, per currency and per channel", async () => {
      // Only lead 2 was won in July (the CRM says Jul 20; Kindling learned it Aug 5); lead 10's win was in March.
      const usd = [{ currency: 'USD', won: 1, amount: 12000 }];
      const activity = await report(reads(), 'activity');
      expect(activity.revenue).toEqual(usd);
      expect((await report(reads(), 'cohort')).revenue).toEqual(usd);
      expect(activity.channels.firstTouch.find((c) => c.channel === 'organic_social')!.revenue).toEqual(usd);
      expect(activity.channels.firstTouch.find((c) => c.channel === 'affiliates')!.revenue).toEqual([]);
      const august = await periodFunnel(
        reads(),
        { from: '2026-08-01', to: '2026-08-31', mode: 'activity', interval: 'month' },
        { now: NOW, slaHours: 48 },
      );
      expect([august.counts.won, august.revenue]).toEqual([0, []]);
      const march = await periodFunnel(
        reads(),
        { from: '2026-03-01', to: '2026-03-31', mode: 'activity', interval: 'month' },
        { now: NOW, slaHours: 48 },
      );
      expect(march.revenue).toEqual([{ currency: null, won: 1, amount: 0 }]); // won in the dashboard: no deal amount
    });

    it('counts the cohort reading: how far the leads created in July got', async () => {
      const r = await report(reads(), 'cohort');
      expect(r.counts).toEqual({ lead: 6, mql: 5, sql: 3, accepted: 0, won: 1, lost: 0, rejected: 1 });
      expect(r.rates).toEqual({ mqlToSql: 0.6, sqlToWon: 0.333 });
    });

    it('times each step over the leads that reached both stages, counting those already past apart', async () => {
      expect((await report(reads(), 'activity')).times).toEqual({
        leadToMql: times(3, 48, 60, 1), // 48, 48, 72 h; lead 2 was MQL when identified
        mqlToSql: times(3, 72, 120, 1), // 12, 72, 168 h; lead 9 went MQL and SQL at once; lead 7 reached both in May
        sqlToFirstAction: times(3, 30, 45, 0), // 24, 30, 60 h; lead 4's reopen is not an action
        sqlToWon: times(1, 240, 240, 0),
      });
      expect((await report(reads(), 'cohort')).times).toEqual({
        leadToMql: times(4, 60, 108, 1), // 48, 48, 72, 216 h (lead 6 reached MQL in August)
        mqlToSql: times(2, 90, 129, 1), // 12, 168 h
        sqlToFirstAction: times(2, 45, 52.5, 0), // 30, 60 h
        sqlToWon: times(1, 240, 240, 0),
      });
    });

    it('measures the follow-up SLA and lists the SQLs overdue now', async () => {
      const activity = (await report(reads(), 'activity')).sla;
      // July's SQLs: 1 (24 h) and 2 (30 h) within 48 h; 9 (60 h) late; 4 never acted on, past due.
      expect(activity).toMatchObject({ slaHours: 48, withinSla: 2, late: 2, pending: 0, share: 0.5, medianToFirstActionMs: 30 * H });
      expect(activity.overdue).toEqual([
        { id: 4, email: 'p4@acme.io', ownerId: 2, owner: 'Ria', sqlAt: at(7, 9, 12), dueAt: at(7, 11, 12) },
      ]);
      // Per owner, by name: Ria's 9 (60 h) and 4 (never) late; Sam's 1 (24 h) and 2 (30 h) within, median between them.
      expect(activity.byOwner.map((o) => [o.ownerId, o.owner, o.withinSla, o.late, o.pending, o.share, o.medianToFirstActionMs])).toEqual([
        [2, 'Ria', 0, 2, 0, 0, 60 * H],
        [1, 'Sam', 2, 0, 0, 1, 27 * H],
      ]);
      const cohort = (await report(reads(), 'cohort')).sla;
      expect(cohort).toMatchObject({ withinSla: 1, late: 2, pending: 0, share: 0.333, medianToFirstActionMs: 45 * H });
      // Lead 11 became SQL an hour after midnight on Aug 9: not due until Aug 11.
      const august = await periodFunnel(
        reads(),
        { from: '2026-08-01', to: '2026-08-31', mode: 'activity', interval: 'month' },
        { now: NOW, slaHours: 48 },
      );
      expect(august.sla).toMatchObject({ withinSla: 0, late: 0, pending: 1, share: null, medianToFirstActionMs: null });
    });

    it('groups the period into channels, first touch and last touch, with the raw sources', async () => {
      const { firstTouch, lastTouch } = (await report(reads(), 'activity')).channels;
      expect(channelCounts(firstTouch)).toEqual([
        ['affiliates', 1, 1, 1, 0, 0, 1],
        ['organic_search', 1, 1, 1, 0, 1, 0], // lead 4 by its stored source (bing), lead 7 google / organic
        ['organic_social', 1, 1, 1, 1, 0, 0], // lead 2's earliest browser came from LinkedIn
        ['direct', 1, 1, 0, 0, 0, 0],
        ['paid_search', 0, 1, 1, 0, 0, 0],
        ['paid_social', 1, 0, 0, 0, 0, 0],
        ['referral', 1, 0, 0, 0, 0, 0],
      ]);
      expect(firstTouch.find((c) => c.channel === 'organic_search')!.sources).toEqual([
        { source: 'bing / (not set)', leads: 1 },
        { source: 'google / organic', leads: 1 },
      ]);
      expect(channelCounts(lastTouch)).toEqual([
        ['affiliates', 1, 1, 1, 0, 0, 1],
        ['email', 1, 1, 1, 1, 0, 0],
        ['unknown', 1, 1, 1, 0, 0, 0],
        ['organic_search', 0, 1, 1, 0, 1, 0],
        ['review_sites', 1, 1, 0, 0, 0, 0],
        ['paid_social', 1, 0, 0, 0, 0, 0],
        ['referral', 1, 0, 0, 0, 0, 0],
      ]);
    });

    it('trends new MQLs and SQLs and both rates per week and per month', async () => {
      const weekly = (await report(reads(), 'activity', 'week')).trends;
      expect(weekly.points.map((p) => [new Date(p.from).toISOString().slice(0, 10), p.mql, p.sql, p.won, p.mqlToSql, p.sqlToWon])).toEqual([
        ['2026-07-01', 2, 1, 0, 0.5, 0],
        ['2026-07-06', 2, 2, 0, 1, 0],
        ['2026-07-13', 1, 1, 0, 1, 0],
        ['2026-07-20', 0, 0, 1, null, null],
        ['2026-07-27', 0, 0, 0, null, null],
      ]);
      expect(weekly.reference).toEqual({ mqlToSqlAverage: 0.13, mqlToSqlBest: 0.4, sqlToWon: 0.59 });
      const monthly = (await report(reads(), 'activity', 'month')).trends.points;
      expect(monthly).toEqual([
        {
          from: at(7, 1),
          to: at(8, 1),
          mql: 5,
          sql: 4,
          won: 1,
          mqlToSql: 0.8,
          sqlToWon: 0.25,
          revenue: [{ currency: 'USD', won: 1, amount: 12000 }],
        },
      ]);
    });
  });
}
