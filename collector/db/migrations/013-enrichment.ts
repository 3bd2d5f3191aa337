import type { Migration } from '../migrations.js';

/**
 * Company enrichment (issue 16 point 3): one row per account to look up (its key, `d:<domain>` or
 * `n:<asn>`), queued by ingest in the events' transaction and claimed by a background job; the row
 * keeps the provider's answer with its source and doubles as the cache (a `done` row younger than
 * `cacheDays` is not queued again). The calls of each UTC day are counted in a row, so collectors
 * sharing a database share the budget. The enriched name is kept beside the account's label, which
 * ingest refreshes and must not overwrite it.
 */
export const enrichmentMigration: Migration = {
  version: 11,
  name: 'enrichment: lookup queue with answers, daily call budget, enriched account names',
  sqlite: `
    CREATE TABLE enrichment (
      subject TEXT PRIMARY KEY,
      query_kind TEXT NOT NULL CHECK (query_kind IN ('domain', 'ip')),
      query_value TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('queued', 'done', 'failed')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_at INTEGER NOT NULL,
      enqueued_at INTEGER NOT NULL,
      done_at INTEGER,
      error TEXT,
      name TEXT,
      domain TEXT,
      industry TEXT,
      size TEXT,
      source TEXT
    ) WITHOUT ROWID;
    CREATE INDEX enrichment_due ON enrichment (next_at) WHERE state = 'queued';
    CREATE TABLE enrichment_budget (
      day INTEGER PRIMARY KEY,
      calls INTEGER NOT NULL
    ) WITHOUT ROWID;
    ALTER TABLE accounts ADD COLUMN enriched_name TEXT;
  `,
  postgres: `
    CREATE TABLE enrichment (
      subject text PRIMARY KEY,
      query_kind text NOT NULL CHECK (query_kind IN ('domain', 'ip')),
      query_value text NOT NULL,
      state text NOT NULL CHECK (state IN ('queued', 'done', 'failed')),
      attempts bigint NOT NULL DEFAULT 0,
      next_at bigint NOT NULL,
      enqueued_at bigint NOT NULL,
      done_at bigint,
      error text,
      name text,
      domain text,
      industry text,
      size text,
      source text
    );
    CREATE INDEX enrichment_due ON enrichment (next_at) WHERE state = 'queued';
    CREATE TABLE enrichment_budget (
      day bigint PRIMARY KEY,
      calls bigint NOT NULL
    );
    ALTER TABLE accounts ADD COLUMN enriched_name text;
  `,
};
