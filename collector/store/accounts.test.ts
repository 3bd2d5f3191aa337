import { describe, expect, it } from 'vitest';
import { postgresTestsEnabled } from '../../test/support/postgres.js';
import { postgresStoresPerTest, sqliteStoresPerTest } from '../../test/support/store-pair.js';
import type { AccountReads, AccountsTx, ActivityRow } from './port/accounts.js';
import { createSqliteAccounts, createSqliteAccountReads } from './sqlite/accounts.js';
import { createPostgresAccounts, createPostgresAccountReads } from './postgres/accounts.js';
import { asAsync } from './port/async.js';

/** `written()` changes whenever a statement wrote a row: SQLite's count of changed rows, PostgreSQL's row version (xmin). */
type Stores = { tx: AccountsTx; reads: AccountReads; written: (key: string) => Promise<string> };

const sqliteStores = () =>
  sqliteStoresPerTest((db): Stores => ({
    tx: createSqliteAccounts(db),
    reads: asAsync(createSqliteAccountReads(db)),
    written: async () => String(db.prepare('SELECT total_changes() AS n').pluck().get()),
  }));
const postgresStores = () =>
  postgresStoresPerTest(
    (sql) => sql`TRUNCATE accounts, account_activity`,
    (sql): Stores => ({
      tx: createPostgresAccounts(sql),
      reads: createPostgresAccountReads(sql),
      written: async (key) => String((await sql`SELECT xmin::text AS v FROM accounts WHERE key = ${key}`)[0]?.v),
    }),
  );

const STORES = [
  { name: 'SQLite', enabled: true, stores: sqliteStores },
  { name: 'PostgreSQL', enabled: postgresTestsEnabled('collector/store/accounts.test.ts'), stores: postgresStores },
];

const siemens = { key: 'n:64500', kind: 'network' as const, name: 'Siemens AG', domain: null, asn: 64500, country: 'DE' };
const acme = { key: 'd:acme.io', kind: 'domain' as const, name: 'Acme', domain: 'acme.io', asn: null, country: null };
const row = (fields: Partial<ActivityRow> = {}): ActivityRow => ({
  account_key: siemens.key,
  site: 'demo',
  visitor_id: 'v1',
  lead_id: 0,
  day: 20000,
  views: 1,
  pricing_views: 1,
  downloads: 0,
  forms: 0,
  points: 10,
  ...fields,
});

for (const { name, enabled, stores } of STORES) {
  describe.skipIf(!enabled)(`account stores on ${name}`, () => {
    const s = stores();

    it('labels: created once, the name and a known country refreshed, the latch kept', async () => {
      await s().tx.saveLabel(siemens);
      await s().tx.setLatch(siemens.key, 123, 100);
      await s().tx.saveLabel({ ...siemens, name: 'Siemens Aktiengesellschaft', country: null });
      expect(await s().tx.account(siemens.key)).toEqual({
        ...siemens,
        name: 'Siemens Aktiengesellschaft',
        latched_until: 123,
        surged_at: 100,
      });
      await s().tx.setLatch(siemens.key, null, null);
      expect(await s().reads.account(siemens.key)).toMatchObject({ latched_until: null, surged_at: 100 });
      expect(await s().reads.account('n:1')).toBeNull();
    });

    it('labels: saving one unchanged (or with an unknown country) writes nothing; a change is written', async () => {
      await s().tx.saveLabel(siemens);
      const before = await s().written(siemens.key);
      await s().tx.saveLabel(siemens);
      await s().tx.saveLabel({ ...siemens, country: null });
      expect(await s().written(siemens.key)).toBe(before);
      await s().tx.saveLabel({ ...siemens, country: 'AT' });
      expect(await s().written(siemens.key)).not.toBe(before);
      const renamed = await s().written(siemens.key);
      await s().tx.saveLabel({ ...siemens, name: 'Siemens', country: null });
      expect(await s().written(siemens.key)).not.toBe(renamed);
      expect(await s().tx.account(siemens.key)).toMatchObject({ name: 'Siemens', country: 'AT' });
      await s().tx.saveLabel(acme);
      await s().tx.saveLabel({ ...acme, name: 'Acme Inc' });
      expect(await s().tx.account(acme.key)).toMatchObject({ name: 'Acme Inc', country: null });
    });

    it('activity: one row per browser, person and day, summed', async () => {
      await s().tx.saveLabel(siemens);
      await s().tx.addActivity(row());
      await s().tx.addActivity(row({ pricing_views: 0, points: 2.5 }));
      await s().tx.addActivity(row({ day: 20001 }));
      await s().tx.addActivity(row({ visitor_id: 'v2', downloads: 1, views: 0, pricing_views: 0, points: 5 }));
      expect(await s().tx.activity(siemens.key, 20000)).toEqual([
        row({ views: 2, points: 12.5 }),
        row({ visitor_id: 'v2', downloads: 1, views: 0, pricing_views: 0, points: 5 }),
        row({ day: 20001 }),
      ]);
      expect(await s().tx.activity(siemens.key, 20001)).toEqual([row({ day: 20001 })]);
    });

    it('takeAnonymous removes and returns only the browser’s anonymous rows', async () => {
      await s().tx.addActivity(row());
      await s().tx.addActivity(row({ day: 19999 }));
      await s().tx.addActivity(row({ lead_id: 7, day: 20001 }));
      await s().tx.addActivity(row({ visitor_id: 'v2' }));
      expect(await s().tx.takeAnonymous('demo', 'v1')).toEqual([row({ day: 19999 }), row()]);
      expect(await s().tx.takeAnonymous('demo', 'v1')).toEqual([]);
      expect((await s().tx.activity(siemens.key, 0)).map((r) => [r.visitor_id, r.lead_id])).toEqual([
        ['v2', 0],
        ['v1', 7],
      ]);
    });

    it('forgetLead removes the person’s rows and names their accounts', async () => {
      await s().tx.addActivity(row({ lead_id: 7 }));
      await s().tx.addActivity(row({ lead_id: 7, account_key: acme.key, visitor_id: 'v3' }));
      await s().tx.addActivity(row({ visitor_id: 'v2' }));
      expect(await s().tx.forgetLead(7)).toEqual([acme.key, siemens.key]);
      expect(await s().tx.activity(siemens.key, 0)).toEqual([row({ visitor_id: 'v2' })]);
    });

    it('a rebuild’s table: begun empty, added to and taken from apart from the live rows until finish puts it live', async () => {
      await s().tx.addActivity(row({ visitor_id: 'old' }));
      const rebuild = s().tx.rebuild();
      await rebuild.begin();
      expect(await rebuild.intact()).toBe(true);
      await rebuild.addActivity(row());
      await rebuild.addActivity(row({ day: 19999 }));
      await rebuild.addActivity(row({ lead_id: 7, visitor_id: 'v2', day: 20001 }));
      expect(await rebuild.takeAnonymous('demo', 'v1')).toEqual([row({ day: 19999 }), row()]);
      await rebuild.addActivity(row({ lead_id: 7 }));
      // Staged (SQLite): the live rows stay until the swap; in one transaction (PostgreSQL) `begin` emptied them.
      const live = (await s().tx.activity(siemens.key, 0)).map((r) => r.visitor_id);
      expect(live).toEqual(rebuild.staged ? ['old'] : ['v1', 'v2']);
      await rebuild.finish();
      expect((await s().tx.activity(siemens.key, 0)).map((r) => [r.visitor_id, r.lead_id, r.day])).toEqual([
        ['v1', 7, 20000],
        ['v2', 7, 20001],
      ]);
      // The live table works as before after the swap, and a second rebuild swaps again.
      await s().tx.addActivity(row({ visitor_id: 'v3' }));
      expect(await s().tx.takeAnonymous('demo', 'v3')).toEqual([row({ visitor_id: 'v3' })]);
      await rebuild.begin();
      await rebuild.addActivity(row({ visitor_id: 'v4' }));
      await rebuild.finish();
      expect((await s().tx.activity(siemens.key, 0)).map((r) => r.visitor_id)).toEqual(['v4']);
    });

    it('an erasure discards a staged rebuild’s table (the person’s rows in it must not survive the swap)', async () => {
      const rebuild = s().tx.rebuild();
      await rebuild.begin();
      await rebuild.addActivity(row({ lead_id: 7 }));
      await s().tx.forgetLead(7);
      // Staged, the rebuild finds its table gone and starts over; in one transaction there is nothing apart to discard.
      expect(await rebuild.intact()).toBe(!rebuild.staged);
    });

    it('accountsActive: accounts with activity since the day, with those rows, in key order', async () => {
      await s().tx.saveLabel(siemens);
      await s().tx.saveLabel(acme);
      await s().tx.saveLabel({ ...siemens, key: 'n:1', name: 'Quiet GmbH' });
      await s().tx.addActivity(row());
      await s().tx.addActivity(row({ account_key: acme.key, lead_id: 3, day: 20005 }));
      await s().tx.addActivity(row({ account_key: 'n:1', day: 19000 }));
      const { accounts, activity } = await s().reads.accountsActive(19500);
      expect(accounts.map((a) => a.key)).toEqual([acme.key, siemens.key]);
      expect(activity).toEqual([row({ account_key: acme.key, lead_id: 3, day: 20005 }), row()]);
    });
  });
}
