import { describe, expect, it } from 'vitest';
import { seededStores } from '../../test/support/seeded-reads.js';
import { at, kpiFixture } from '../../test/support/kpis-fixture.js';
import { periodFunnel } from '../kpis/report.js';
import { shareInRange } from './cac.js';

// July 2026 is the period. First touch is the earliest browser's landing, last touch the identifying event's.
const fixture = kpiFixture([
  { id: 1, created: at(7, 2), mql: at(7, 3), sql: at(7, 5), stage: 'sql', actions: [['won', at(7, 20)]],
    browsers: [[at(7, 1), 'google', 'cpc', null]], landing: ['google', 'cpc', null], campaign: ['spring', null] },
  { id: 2, created: at(7, 4), mql: at(7, 6), stage: 'mql', browsers: [[at(7, 4), 'google', 'cpc', null]], landing: ['newsletter', 'email', null] },
  { id: 3, created: at(7, 5), mql: at(7, 7), sql: at(7, 9), stage: 'sql',
    browsers: [[at(7, 5), 'google', 'cpc', null]], landing: ['google', 'cpc', null], campaign: ['Spring', 'spring'] },
  { id: 4, created: at(7, 8), mql: at(7, 10), stage: 'mql', browsers: [[at(7, 8), 'newsletter', 'email', null]], landing: ['newsletter', 'email', null] },
  { id: 5, created: at(7, 9), stage: 'lead', browsers: [[at(7, 9), 'facebook', 'paid_social', null]], landing: ['facebook', 'paid_social', null] },
  { id: 6, created: at(6, 1), mql: at(6, 2), sql: at(6, 3), stage: 'sql', actions: [['won', at(7, 15)]],
    browsers: [[at(6, 1), 'google', 'cpc', null]], landing: null },
]); // prettier-ignore
const spend = (month: string, channel: string, campaign: string, amount: number, currency = 'EUR') =>
  fixture.rows.push({
    table: 'marketing_spend',
    row: { month, channel, campaign, amount_cents: amount * 100, currency, updated_at: 0 },
  });
spend('2026-06', 'paid_search', '', 999);
spend('2026-07', 'paid_search', '', 3000);
spend('2026-07', 'email', '', 500);
spend('2026-07', '', 'spring', 1000);
spend('2026-07', 'paid_social', '', 200, 'USD');
spend('2026-08', 'paid_search', '', 3100);

const STORES = seededStores('collector/spend/cac.test.ts', fixture);
const july = (mode: 'activity' | 'cohort') => ({ from: '2026-07-01', to: '2026-07-31', mode, interval: 'month' }) as const;
const row = (name: string, currency: string, spend: number, [mql, sql, won]: number[], per: (number | null)[]) => ({
  name,
  currency,
  spend,
  mql,
  sql,
  won,
  perMql: per[0],
  perSql: per[1],
  perWon: per[2],
});

for (const store of STORES) {
  describe.runIf(store.enabled)(`CAC on ${store.name}`, () => {
    const reads = store.harness();

    it('costs per MQL, SQL and won customer per channel, first and last touch, in the activity reading', async () => {
      const { cac } = await periodFunnel(reads(), july('activity'), { now: at(8, 1), slaHours: 48 });
      // First touch: paid_search has leads 1, 2, 3 (MQLs in July), 1 and 3 (SQLs), 1 and 6 (won in July):
      // 3000 / 3 = 1000, 3000 / 2 = 1500, 3000 / 2 = 1500. Email: lead 4, an MQL: 500 / 1. Paid social: no MQL → null ("—").
      expect(cac.firstTouch.channels).toEqual([
        row('paid_search', 'EUR', 3000, [3, 2, 2], [1000, 1500, 1500]),
        row('email', 'EUR', 500, [1, 0, 0], [500, null, null]),
        row('paid_social', 'USD', 200, [0, 0, 0], [null, null, null]),
      ]);
      // Last touch: lead 2 converted from the newsletter, lead 6's converting event is gone (unknown).
      expect(cac.lastTouch.channels).toEqual([
        row('paid_search', 'EUR', 3000, [2, 2, 1], [1500, 1500, 3000]),
        row('email', 'EUR', 500, [2, 0, 0], [250, null, null]),
        row('paid_social', 'USD', 200, [0, 0, 0], [null, null, null]),
      ]);
      // Campaign "spring" (case folded): first touch leads 1 and 3; last touch lead 3 only.
      expect(cac.firstTouch.campaigns).toEqual([row('spring', 'EUR', 1000, [2, 2, 1], [500, 500, 1000])]);
      expect(cac.lastTouch.campaigns).toEqual([row('spring', 'EUR', 1000, [1, 1, 0], [1000, 1000, null])]);
      // Blended: all July spend of a currency over all July MQLs (1–4), SQLs (1, 3), won (1, 6).
      expect(cac.total).toEqual([
        row('(all)', 'EUR', 4500, [4, 2, 2], [1125, 2250, 2250]),
        row('(all)', 'USD', 200, [4, 2, 2], [50, 100, 100]),
      ]);
    });

    it('counts the cohort: leads created in July, however far they got', async () => {
      const { cac } = await periodFunnel(reads(), july('cohort'), { now: at(8, 1), slaHours: 48 });
      // Leads 1, 2, 3 (lead 6 was created in June): 3 MQLs, 2 SQLs, 1 won.
      expect(cac.firstTouch.channels[0]).toEqual(row('paid_search', 'EUR', 3000, [3, 2, 1], [1000, 1500, 3000]));
    });

    it('pro-rates the months a period only partly covers', async () => {
      const { cac } = await periodFunnel(
        reads(),
        { from: '2026-07-16', to: '2026-08-15', mode: 'activity', interval: 'month' },
        {
          now: at(8, 20),
          slaHours: 48,
        },
      );
      // 3000 × 16/31 + 3100 × 15/31 = 1548.39 + 1500 = 3048.39; lead 1 won on Jul 20, lead 6 on Jul 15 (outside).
      expect(cac.firstTouch.channels[0]).toEqual(row('paid_search', 'EUR', 3048.39, [0, 0, 1], [null, null, 3048.39]));
    });
  });
}

describe('the share of a month inside a period', () => {
  it.each([
    ['the whole month', '2026-07', [at(7, 1), at(8, 1)], 1],
    ['half of June (15 of 30 days)', '2026-06', [at(6, 16), at(7, 1)], 0.5],
    ['none of it', '2026-05', [at(6, 1), at(7, 1)], 0],
    ['February 2028 (29 days), one day', '2028-02', [Date.UTC(2028, 1, 29), Date.UTC(2028, 2, 1)], 1 / 29],
  ])('%s', (_name, month, [from, to], share) => {
    expect(shareInRange(month, { from: from!, to: to! })).toBeCloseTo(share, 12);
  });
});
