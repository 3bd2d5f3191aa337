import { describe, expect, it } from 'vitest';
import { postgresTestsEnabled } from '../../test/support/postgres.js';
import { postgresStoresPerTest, sqliteStoresPerTest } from '../../test/support/store-pair.js';
import type { EnrichmentReads, EnrichmentTx } from './port/enrichment.js';
import type { AccountsTx } from './port/accounts.js';
import { createSqliteEnrichment, createSqliteEnrichmentReads } from './sqlite/enrichment.js';
import { createPostgresEnrichment, createPostgresEnrichmentReads } from './postgres/enrichment.js';
import { createSqliteAccounts } from './sqlite/accounts.js';
import { createPostgresAccounts } from './postgres/accounts.js';

type Stores = { tx: EnrichmentTx; reads: EnrichmentReads; accounts: AccountsTx };

const sqliteStores = () =>
  sqliteStoresPerTest((db): Stores => ({
    tx: createSqliteEnrichment(db),
    reads: createSqliteEnrichmentReads(db),
    accounts: createSqliteAccounts(db),
  }));
const postgresStores = () =>
  postgresStoresPerTest(
    (sql) => sql`TRUNCATE enrichment, enrichment_budget, accounts`,
    (sql): Stores => ({
      tx: createPostgresEnrichment(sql),
      reads: createPostgresEnrichmentReads(sql),
      accounts: createPostgresAccounts(sql),
    }),
  );

const STORES = [
  { name: 'SQLite', enabled: true, stores: sqliteStores },
  { name: 'PostgreSQL', enabled: postgresTestsEnabled('collector/store/enrichment.test.ts'), stores: postgresStores },
];

const DAY = 20_400;
const T = DAY * 86_400_000 + 3600_000;
const SIEMENS = { name: 'Siemens', domain: 'siemens.com', industry: 'Electrical Equipment', size: '100K+', source: 'clearbit' };
/** The label ingest gives the account (a name made from the domain). */
const LABEL = { key: 'd:siemens.com', kind: 'domain' as const, name: 'Siemens.com', domain: 'siemens.com', asn: null, country: null };
const claim = (s: Stores, fields: Partial<Parameters<EnrichmentTx['claim']>[0]> = {}) =>
  s.tx.claim({ now: T, limit: 10, leaseMs: 60_000, day: DAY, budget: 100, ...fields });

for (const { name, enabled, stores } of STORES) {
  describe.skipIf(!enabled)(`enrichment stores on ${name}`, () => {
    const s = stores();

    it('enqueue: once per subject while queued; claims in queue order with the query as given', async () => {
      expect(await s().tx.enqueue('d:siemens.com', { domain: 'siemens.com' }, T, T - 1000)).toBe(true);
      expect(await s().tx.enqueue('n:64500', { ip: '198.51.100.0' }, T + 1, T - 1000)).toBe(true);
      expect(await s().tx.enqueue('d:siemens.com', { domain: 'siemens.com' }, T + 2, T - 1000)).toBe(false);
      expect(await claim(s(), { now: T + 5 })).toEqual([
        { subject: 'd:siemens.com', query: { domain: 'siemens.com' }, attempts: 0 },
        { subject: 'n:64500', query: { ip: '198.51.100.0' }, attempts: 0 },
      ]);
      expect(await s().reads.enrichmentCalls(DAY)).toBe(2);
    });

    it('a claim is a lease: claimed rows are not claimed again until it ends; only due rows are claimed', async () => {
      await s().tx.enqueue('d:a.io', { domain: 'a.io' }, T, 0);
      await s().tx.enqueue('d:later.io', { domain: 'later.io' }, T + 10_000, 0);
      expect((await claim(s())).map((c) => c.subject)).toEqual(['d:a.io']);
      expect(await claim(s(), { now: T + 59_999 })).toHaveLength(1); // later.io, now due
      expect(await claim(s(), { now: T + 59_999 })).toEqual([]);
      expect((await claim(s(), { now: T + 60_000 })).map((c) => c.subject)).toEqual(['d:a.io']);
    });

    it('the budget: no more claims than the day allows, counted per UTC day', async () => {
      for (const d of ['a', 'b', 'c']) await s().tx.enqueue(`d:${d}.io`, { domain: `${d}.io` }, T, 0);
      expect(await claim(s(), { budget: 2 })).toHaveLength(2);
      expect(await claim(s(), { budget: 2 })).toEqual([]);
      expect(await s().reads.enrichmentCalls(DAY)).toBe(2);
      expect(await claim(s(), { budget: 1, day: DAY + 1, now: T + 86_400_000 })).toHaveLength(1); // a new day, a new budget
      expect(await s().reads.enrichmentCalls(DAY + 1)).toBe(1);
    });

    it('complete: the answer with its source, the account named by it; fresh answers are not queued again, stale ones are', async () => {
      await s().accounts.saveLabel(LABEL);
      await s().tx.enqueue('d:siemens.com', { domain: 'siemens.com' }, T, 0);
      await claim(s());
      await s().tx.complete('d:siemens.com', SIEMENS, T + 100);
      expect(await s().reads.companyFacts('d:siemens.com')).toEqual({ ...SIEMENS, fetchedAt: T + 100 });
      expect((await s().accounts.account('d:siemens.com'))!.name).toBe('Siemens');
      // Ingest refreshing the label keeps the enriched name.
      await s().accounts.saveLabel({ ...LABEL, country: 'DE' });
      expect((await s().accounts.account('d:siemens.com'))!.name).toBe('Siemens');
      expect(await s().tx.enqueue('d:siemens.com', { domain: 'siemens.com' }, T + 200, T + 100)).toBe(false);
      expect(await s().tx.enqueue('d:siemens.com', { domain: 'siemens.com' }, T + 200, T + 101)).toBe(true);
      expect(await claim(s(), { now: T + 200 })).toEqual([{ subject: 'd:siemens.com', query: { domain: 'siemens.com' }, attempts: 0 }]);
    });

    it('an unknown answer is cached without facts; retry counts attempts; a failure is re-queued once stale', async () => {
      await s().tx.enqueue('d:nobody.io', { domain: 'nobody.io' }, T, 0);
      await s().tx.complete('d:nobody.io', null, T);
      expect(await s().reads.companyFacts('d:nobody.io')).toBeNull();
      expect(await s().tx.enqueue('d:nobody.io', { domain: 'nobody.io' }, T + 1, T)).toBe(false);

      await s().tx.enqueue('d:flaky.io', { domain: 'flaky.io' }, T, 0);
      await claim(s());
      await s().tx.retry('d:flaky.io', T + 5000, 'clearbit: HTTP 502');
      expect(await claim(s(), { now: T + 4999 })).toEqual([]);
      expect(await claim(s(), { now: T + 5000 })).toEqual([{ subject: 'd:flaky.io', query: { domain: 'flaky.io' }, attempts: 1 }]);
      await s().tx.fail('d:flaky.io', 'clearbit: HTTP 400', T + 6000);
      expect(await claim(s(), { now: T + 999_999 })).toEqual([]);
      expect(await s().reads.companyFacts('d:flaky.io')).toBeNull();
      expect(await s().tx.enqueue('d:flaky.io', { domain: 'flaky.io' }, T + 7000, T + 6001)).toBe(true);
    });
  });
}
