import { describe, expect, it } from 'vitest';
import { postgresTestsEnabled } from '../../test/support/postgres.js';
import { postgresStoresPerTest, sqliteStoresPerTest } from '../../test/support/store-pair.js';
import type { SpendReads, SpendRow, SpendStore } from './port/spend.js';
import { asAsync } from './port/async.js';
import { createSqliteSpend, sqliteSpendReads } from './sqlite/spend.js';
import { createPostgresSpend, postgresSpendReads } from './postgres/spend.js';

type Stores = { tx: SpendStore; reads: SpendReads };

const STORES = [
  {
    name: 'SQLite',
    enabled: true,
    stores: () => sqliteStoresPerTest((db): Stores => ({ tx: asAsync(createSqliteSpend(db)), reads: asAsync(sqliteSpendReads(db)) })),
  },
  {
    name: 'PostgreSQL',
    enabled: postgresTestsEnabled('collector/store/spend.test.ts'),
    stores: () =>
      postgresStoresPerTest(
        (sql) => sql`TRUNCATE marketing_spend`,
        (sql): Stores => ({ tx: createPostgresSpend(sql), reads: postgresSpendReads(sql) }),
      ),
  },
];

const row = (month: string, channel: string, campaign: string, amount_cents: number, currency = 'EUR', updated_at = 1): SpendRow => ({
  month,
  channel,
  campaign,
  amount_cents,
  currency,
  updated_at,
});

for (const { name, enabled, stores } of STORES) {
  describe.skipIf(!enabled)(`spend stores on ${name}`, () => {
    const s = stores();

    it('keeps one row per month, channel and campaign: the same key replaces', async () => {
      await s().tx.put([
        row('2026-07', 'paid_search', '', 300_000),
        row('2026-07', '', 'spring', 100_000),
        row('2026-07', 'email', 'spring', 5_000),
      ]);
      await s().tx.put([row('2026-07', 'paid_search', '', 310_050, 'USD', 2)]);
      expect(await s().reads.spend('2026-07', '2026-07')).toEqual([
        row('2026-07', '', 'spring', 100_000),
        row('2026-07', 'email', 'spring', 5_000),
        row('2026-07', 'paid_search', '', 310_050, 'USD', 2),
      ]);
    });

    it('reads the months from and to, both included, in month order', async () => {
      await s().tx.put([
        row('2026-09', 'email', '', 3),
        row('2026-06', 'email', '', 1),
        row('2026-07', 'email', '', 2),
        row('2026-10', 'email', '', 4),
      ]);
      expect((await s().reads.spend('2026-07', '2026-09')).map((r) => r.amount_cents)).toEqual([2, 3]);
      expect(await s().reads.spend('2027-01', '2027-12')).toEqual([]);
    });
  });
}
