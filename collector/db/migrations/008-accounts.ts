import type { Migration } from '../migrations.js';

/**
 * Accounts (issue 16): labels and the surge latch per account, and the account projection's
 * activity (per account, browser, person and day). Only derived network facts are kept (AS
 * number, organization name, country), never an address.
 */
export const accountsMigration: Migration = {
  version: 7,
  name: 'accounts: labels, activity per browser and day',
  sqlite: `
    CREATE TABLE accounts (
      key TEXT PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('domain', 'network')),
      name TEXT NOT NULL,
      domain TEXT,
      asn INTEGER,
      country TEXT,
      latched_until INTEGER,
      surged_at INTEGER
    ) WITHOUT ROWID;
    CREATE TABLE account_activity (
      account_key TEXT NOT NULL,
      site TEXT NOT NULL,
      visitor_id TEXT NOT NULL,
      lead_id INTEGER NOT NULL,
      day INTEGER NOT NULL,
      views INTEGER NOT NULL,
      pricing_views INTEGER NOT NULL,
      downloads INTEGER NOT NULL,
      forms INTEGER NOT NULL,
      points REAL NOT NULL,
      PRIMARY KEY (site, visitor_id, lead_id, day)
    ) WITHOUT ROWID;
    CREATE INDEX account_activity_account ON account_activity (account_key, day);
    CREATE INDEX account_activity_day ON account_activity (day);
    CREATE INDEX account_activity_lead ON account_activity (lead_id) WHERE lead_id <> 0;
  `,
  postgres: `
    CREATE TABLE accounts (
      key text PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('domain', 'network')),
      name text NOT NULL,
      domain text,
      asn bigint,
      country text,
      latched_until bigint,
      surged_at bigint
    );
    CREATE TABLE account_activity (
      account_key text NOT NULL,
      site text NOT NULL,
      visitor_id text NOT NULL,
      lead_id bigint NOT NULL,
      day bigint NOT NULL,
      views bigint NOT NULL,
      pricing_views bigint NOT NULL,
      downloads bigint NOT NULL,
      forms bigint NOT NULL,
      points double precision NOT NULL,
      PRIMARY KEY (site, visitor_id, lead_id, day)
    );
    CREATE INDEX account_activity_account ON account_activity (account_key, day);
    CREATE INDEX account_activity_day ON account_activity (day);
    CREATE INDEX account_activity_lead ON account_activity (lead_id) WHERE lead_id <> 0;
  `,
};
