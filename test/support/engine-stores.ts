import { afterAll, beforeEach } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../collector/db/index.js';
import { createSqliteStore, type SqliteStore } from '../../collector/store/sqlite/index.js';
import type { EventLog } from '../../collector/store/port/parts.js';
import type { EventsTx, IdentityTx, LeadsTx } from '../../collector/store/port/engine.js';
import type { WriteTx } from '../../collector/store/port/index.js';
import type { Sql, SqlOrTx } from '../../collector/store/postgres/connect.js';
import { createPostgresAliases } from '../../collector/store/postgres/aliases.js';
import { createPostgresEventLog } from '../../collector/store/postgres/event-log.js';
import { createPostgresEvents } from '../../collector/store/postgres/events.js';
import { createPostgresIdentity } from '../../collector/store/postgres/identity.js';
import { createPostgresLeads } from '../../collector/store/postgres/leads.js';
import { migratePostgres } from '../../collector/store/postgres/migrate.js';
import { postgresTestsEnabled, useTestDatabase } from './postgres.js';

/** The engine's side of one transaction, plus raw reads to check what was stored. */
export interface EngineParts {
  log: EventLog;
  leads: LeadsTx;
  events: EventsTx;
  identity: IdentityTx;
  aliases: WriteTx['aliases'];
  /** A read in SQL both stores speak (test constants only), inside this transaction. */
  rows(query: string): Promise<Record<string, unknown>[]>;
  /** The search index's entries by lead id. */
  searchEntries(): Promise<{ id: number; email: string; name: string; company: string }[]>;
}

export interface EngineHarness {
  /** Runs `work` in one committed transaction on a store emptied before each test. */
  transaction<T>(work: (tx: EngineParts) => Promise<T>): Promise<T>;
}

/** Every table the engine parts write, emptied between tests. */
const TABLES =
  'events, visitors, leads, leads_search, lead_state, identity_links, visitor_leads, lead_traits, companies, lead_history, lead_actions, segment_aliases, lead_owners, lead_owner_history, account_owners, routing_counters, followup_marks, lead_crm_ids, crm_outcomes';

/** PostgreSQL parts on `sql` (a pool or an open transaction). */
export function postgresEngineParts(sql: SqlOrTx): EngineParts {
  return {
    log: createPostgresEventLog(sql),
    leads: createPostgresLeads(sql),
    events: createPostgresEvents(sql),
    identity: createPostgresIdentity(sql),
    aliases: createPostgresAliases(sql),
    rows: async (query) => [...(await sql.unsafe(query))],
    searchEntries: async () => [...(await sql`SELECT lead_id AS id, email, name, company FROM leads_search ORDER BY lead_id`)] as never,
  };
}

/** A migrated test database for this file, emptied before each test. Call at a describe's top level. */
export function usePostgresEngine(): { sql(): Sql; url(): string; connect(max?: number): Sql } {
  const pg = useTestDatabase();
  let migrated = false;
  beforeEach(async () => {
    if (!migrated) await migratePostgres(pg.sql);
    migrated = true;
    await pg.sql.unsafe(`TRUNCATE ${TABLES} RESTART IDENTITY`);
  });
  return { sql: () => pg.sql, url: () => pg.url, connect: (max = 2) => pg.connect({ max }) };
}

function postgresHarness(): EngineHarness {
  const pg = usePostgresEngine();
  return {
    transaction: (work) => pg.sql().begin((tx) => work(postgresEngineParts(tx))) as never,
  };
}

/** A SQLite file per test, through the SQLite store's own transaction. */
function sqliteHarness(): EngineHarness {
  let store: SqliteStore | null = null;
  beforeEach(async () => {
    await store?.close();
    store = createSqliteStore(openDatabase(join(mkdtempSync(join(tmpdir(), 'kengine-')), 'k.db')));
  });
  afterAll(() => store?.close());
  return {
    transaction: (work) =>
      store!.transaction((tx) =>
        work({
          ...tx,
          // Synchronous reads, as the store's own statements are: the unit stays within one macrotask.
          rows: async (query) => store!.db.prepare(query).all() as Record<string, unknown>[],
          searchEntries: async () =>
            store!.db.prepare('SELECT rowid AS id, email, name, company FROM leads_search ORDER BY rowid').all() as never,
        }),
      ),
  };
}

/** The stores the engine-parts behaviour table runs on. */
export function engineStores(): { name: string; enabled: boolean; harness: () => EngineHarness }[] {
  return [
    { name: 'SQLite', enabled: true, harness: sqliteHarness },
    { name: 'PostgreSQL', enabled: postgresTestsEnabled('collector/store/engine-parts.test.ts'), harness: postgresHarness },
  ];
}
