import type { Migration } from '../migrations.js';

/**
 * CRM outcomes (issue 17, point 7). A sales action now says where it came from (`source`:
 * `kindling` for the dashboard and the disposition API, `crm` for an import) and, for an import,
 * which CRM, the CRM's record id, the deal amount and currency, and the CRM's date (`occurred_at`;
 * `at` stays the moment Kindling applied it, which rescore replays). A lead's CRM ids are kept once
 * a row matched it, so later rows with only the id match too. `crm_outcomes` is the import's memory:
 * one row per CRM row identity (CRM id, else the email), so a re-import changes nothing unless the
 * CRM's answer changed.
 */
export const kpisMigration: Migration = {
  version: 10,
  name: 'kpis: CRM outcomes (action source, CRM ids, import memory)',
  sqlite: `
    ALTER TABLE lead_actions ADD COLUMN source TEXT NOT NULL DEFAULT 'kindling';
    ALTER TABLE lead_actions ADD COLUMN crm TEXT;
    ALTER TABLE lead_actions ADD COLUMN crm_id TEXT;
    ALTER TABLE lead_actions ADD COLUMN amount REAL;
    ALTER TABLE lead_actions ADD COLUMN currency TEXT;
    ALTER TABLE lead_actions ADD COLUMN occurred_at INTEGER;

    CREATE TABLE lead_crm_ids (
      crm TEXT NOT NULL,
      crm_id TEXT NOT NULL,
      lead_id INTEGER NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
      PRIMARY KEY (crm, crm_id)
    ) WITHOUT ROWID;
    CREATE INDEX lead_crm_ids_lead ON lead_crm_ids (lead_id);

    CREATE TABLE crm_outcomes (
      crm TEXT NOT NULL,
      identity TEXT NOT NULL,
      lead_id INTEGER NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
      outcome TEXT NOT NULL CHECK (outcome IN ('won', 'lost', 'disqualified', 'opportunity')),
      occurred_at INTEGER NOT NULL,
      amount REAL,
      currency TEXT,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (crm, identity)
    ) WITHOUT ROWID;
    CREATE INDEX crm_outcomes_lead ON crm_outcomes (lead_id);
  `,
  postgres: `
    ALTER TABLE lead_actions ADD COLUMN source text NOT NULL DEFAULT 'kindling';
    ALTER TABLE lead_actions ADD COLUMN crm text;
    ALTER TABLE lead_actions ADD COLUMN crm_id text;
    ALTER TABLE lead_actions ADD COLUMN amount double precision;
    ALTER TABLE lead_actions ADD COLUMN currency text;
    ALTER TABLE lead_actions ADD COLUMN occurred_at bigint;

    CREATE TABLE lead_crm_ids (
      crm text NOT NULL,
      crm_id text NOT NULL,
      lead_id bigint NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
      PRIMARY KEY (crm, crm_id)
    );
    CREATE INDEX lead_crm_ids_lead ON lead_crm_ids (lead_id);

    CREATE TABLE crm_outcomes (
      crm text NOT NULL,
      identity text NOT NULL,
      lead_id bigint NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
      outcome text NOT NULL CHECK (outcome IN ('won', 'lost', 'disqualified', 'opportunity')),
      occurred_at bigint NOT NULL,
      amount double precision,
      currency text,
      updated_at bigint NOT NULL,
      PRIMARY KEY (crm, identity)
    );
    CREATE INDEX crm_outcomes_lead ON crm_outcomes (lead_id);
  `,
};
