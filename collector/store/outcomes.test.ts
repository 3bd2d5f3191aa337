import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db/index.js';
import { postgresTestsEnabled, useTestDatabase } from '../../test/support/postgres.js';
import { readsFixture, seedPostgres, seedSqlite } from '../../test/support/reads.js';
import type { OutcomesStore, StoredCrmOutcome } from './port/outcomes.js';
import { createSqliteStore, type SqliteStore } from './sqlite/index.js';
import { createPostgresOutcomes } from './postgres/outcomes.js';
import { migratePostgres } from './postgres/migrate.js';

const T0 = Date.UTC(2025, 0, 1);
const fixture = readsFixture(T0);

/** One store under test: a unit of work over its outcome stores, on the seeded fixture (leads 1…40). */
type Run = <T>(work: (outcomes: OutcomesStore) => Promise<T>) => Promise<T>;

function sqliteHarness(): Run {
  let store: SqliteStore;
  beforeAll(() => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'koutcomes-')), 'k.db'));
    seedSqlite(db, fixture);
    store = createSqliteStore(db);
  });
  afterAll(() => store?.close());
  return (work) => store.transaction((tx) => work(tx.outcomes));
}

function postgresHarness(): Run {
  const pg = useTestDatabase();
  beforeAll(async () => {
    await migratePostgres(pg.sql);
    await seedPostgres(pg.sql, fixture);
  });
  return <T>(work: (outcomes: OutcomesStore) => Promise<T>) => pg.sql.begin((tx) => work(createPostgresOutcomes(tx))) as Promise<T>;
}

const STORES = [
  { name: 'SQLite', enabled: true, harness: sqliteHarness },
  { name: 'PostgreSQL', enabled: postgresTestsEnabled('collector/store/outcomes.test.ts'), harness: postgresHarness },
];

const WON: StoredCrmOutcome = {
  crm: 'hubspot',
  identity: 'D-1',
  leadId: 4,
  outcome: 'won',
  occurredAt: T0,
  amount: 1200.5,
  currency: 'USD',
};

for (const store of STORES) {
  describe.runIf(store.enabled)(`outcome stores on ${store.name}`, () => {
    const run = store.harness();

    it('finds a lead by its email, and by a CRM id once kept (the first match wins)', async () => {
      await run(async (o) => {
        expect(await o.leadByEmail('person4@acme.io')).toBe(4);
        expect(await o.leadByEmail('nobody@acme.io')).toBeNull();
        expect(await o.leadByCrmId('hubspot', 'C-9')).toBeNull();
        await o.rememberCrmId('hubspot', 'C-9', 4);
        await o.rememberCrmId('hubspot', 'C-9', 5);
        expect(await o.leadByCrmId('hubspot', 'C-9')).toBe(4);
        expect(await o.leadByCrmId('salesforce', 'C-9')).toBeNull();
      });
    });

    it('keeps one row per CRM row identity: saved, read back, replaced', async () => {
      await run(async (o) => {
        expect(await o.previous('hubspot', 'D-1')).toBeNull();
        await o.save(WON, T0 + 1);
        expect(await o.previous('hubspot', 'D-1')).toEqual(WON);
        const lost = { ...WON, outcome: 'lost' as const, amount: null, currency: null, occurredAt: T0 + 5 };
        await o.save(lost, T0 + 2);
        expect(await o.previous('hubspot', 'D-1')).toEqual(lost);
        expect(await o.previous('pipedrive', 'D-1')).toBeNull();
      });
    });
  });
}
