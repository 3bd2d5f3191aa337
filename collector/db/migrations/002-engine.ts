import type { Migration } from '../migrations.js';

/**
 * The engine's projections of the event log: leads, identity links, traits, companies, the
 * per-lead scoring/stage state, and the stage/disposition history. Sales actions are inputs and
 * are kept as such (`lead_actions`), so a rescore can replay them.
 *
 * Index design (every API query is an index range or seek; see docs/ARCHITECTURE.md):
 * - Hot-leads ranking: score(t) = fit + rank_key·2^(−(t−G)/h) with one global epoch G and one
 *   half-life h. rank_key does not change as time passes, so within one fit value the order by
 *   rank_key IS the order by score; the list merges the few fit groups, each read off
 *   (stage|disposition, fit, rank_key, id).
 * - Last seen: (stage|disposition, last_seen_at, id). Search: an FTS5 trigram index.
 * - The sweep: a partial index on next_timer_at (only leads with a pending decay timer).
 */
export const engineMigration: Migration = {
  version: 2,
  name: 'engine: leads, identity links, traits, companies, scores, stage history',
  sqlite: `
    -- Which link event attributed an earlier anonymous event to its lead (NULL: on arrival).
    -- Rescore uses it to replay exactly when each event became part of the lead.
    ALTER TABLE events ADD COLUMN attributed_seq INTEGER;

    CREATE TABLE leads (
      id INTEGER PRIMARY KEY,
      email TEXT NOT NULL UNIQUE,
      name TEXT,
      title TEXT,
      company TEXT,
      company_domain TEXT,
      created_at INTEGER NOT NULL,
      created_seq INTEGER NOT NULL,
      first_seen_at INTEGER,
      last_seen_at INTEGER,
      first_touch_at INTEGER,
      source TEXT NOT NULL DEFAULT 'direct',
      campaign TEXT,
      stage TEXT NOT NULL,
      disposition TEXT,
      stage_changed_at INTEGER NOT NULL,
      sql_since INTEGER,
      first_mql_at INTEGER,
      first_sql_at INTEGER,
      fit REAL NOT NULL DEFAULT 0,
      rank_key REAL NOT NULL DEFAULT 0,
      -- The strongest positive reason of each kind; the list picks between them at read time,
      -- since engagement decays and fit does not (engagement reasons keep their order).
      top_engagement_reason TEXT,
      top_engagement_rank REAL,
      top_fit_reason TEXT,
      top_fit_points REAL,
      next_timer_at INTEGER
    );
    CREATE INDEX leads_rank ON leads (fit, rank_key, id);
    CREATE INDEX leads_stage_rank ON leads (stage, fit, rank_key, id);
    CREATE INDEX leads_disposition_rank ON leads (disposition, fit, rank_key, id) WHERE disposition IS NOT NULL;
    CREATE INDEX leads_seen ON leads (last_seen_at, id);
    CREATE INDEX leads_stage_seen ON leads (stage, last_seen_at, id);
    CREATE INDEX leads_disposition_seen ON leads (disposition, last_seen_at, id) WHERE disposition IS NOT NULL;
    CREATE INDEX leads_company ON leads (company_domain, rank_key) WHERE company_domain IS NOT NULL;
    CREATE INDEX leads_timer ON leads (next_timer_at) WHERE next_timer_at IS NOT NULL;
    -- Covers the funnel's one pass (a narrow index scan instead of reading whole rows).
    CREATE INDEX leads_funnel ON leads (source, campaign, stage, disposition, created_at, first_mql_at, first_sql_at);

    CREATE VIRTUAL TABLE leads_search USING fts5(email, name, company, tokenize = 'trigram');

    -- The lead's derived state as JSON (engagement fold, traits, stage machine), for incremental ingest.
    CREATE TABLE lead_state (
      lead_id INTEGER PRIMARY KEY REFERENCES leads (id) ON DELETE CASCADE,
      model TEXT NOT NULL
    );

    -- Every link of a browser to a lead, with the event that made it (history; never rewritten).
    CREATE TABLE identity_links (
      id INTEGER PRIMARY KEY,
      site TEXT NOT NULL,
      visitor_id TEXT NOT NULL,
      lead_id INTEGER NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
      evidence_seq INTEGER NOT NULL,
      linked_at INTEGER NOT NULL,
      kind TEXT NOT NULL
    );
    CREATE INDEX identity_links_lead ON identity_links (lead_id, evidence_seq);
    CREATE INDEX identity_links_visitor ON identity_links (site, visitor_id, evidence_seq);

    -- Where each browser's events go now (the latest link).
    CREATE TABLE visitor_leads (
      site TEXT NOT NULL,
      visitor_id TEXT NOT NULL,
      lead_id INTEGER NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
      PRIMARY KEY (site, visitor_id)
    ) WITHOUT ROWID;
    CREATE INDEX visitor_leads_lead ON visitor_leads (lead_id);

    CREATE TABLE lead_traits (
      lead_id INTEGER NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      set_at INTEGER NOT NULL,
      evidence_seq INTEGER,
      PRIMARY KEY (lead_id, key)
    ) WITHOUT ROWID;

    -- Roll-up per email domain (free-mail excluded), recomputed from its leads when one changes.
    CREATE TABLE companies (
      domain TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      people INTEGER NOT NULL,
      engaged_people INTEGER NOT NULL,
      sum_fit REAL NOT NULL,
      sum_rank REAL NOT NULL
    ) WITHOUT ROWID;

    -- Derived: every stage and disposition change with its time, cause and score (rebuilt by rescore).
    CREATE TABLE lead_history (
      id INTEGER PRIMARY KEY,
      lead_id INTEGER NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
      at INTEGER NOT NULL,
      kind TEXT NOT NULL,
      from_value TEXT,
      to_value TEXT,
      cause TEXT NOT NULL,
      score REAL NOT NULL
    );
    CREATE INDEX lead_history_lead ON lead_history (lead_id, at, id);

    -- Input: sales actions, replayed by rescore after the events logged before them (after_seq).
    CREATE TABLE lead_actions (
      id INTEGER PRIMARY KEY,
      lead_id INTEGER NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
      at INTEGER NOT NULL,
      action TEXT NOT NULL,
      note TEXT,
      after_seq INTEGER NOT NULL
    );
    CREATE INDEX lead_actions_lead ON lead_actions (lead_id, id);
  `,
  // Search: SQLite's FTS5 trigram table becomes a plain table with a pg_trgm GIN index (substring
  // search as an index lookup, like the trigram tokenizer). lead_state.model stays text: rescore
  // compares it as a string to skip rewriting unchanged rows, which jsonb's re-encoding would defeat.
  postgres: `
    ALTER TABLE events ADD COLUMN attributed_seq bigint;

    CREATE TABLE leads (
      id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      email text NOT NULL UNIQUE,
      name text,
      title text,
      company text,
      company_domain text,
      created_at bigint NOT NULL,
      created_seq bigint NOT NULL,
      first_seen_at bigint,
      last_seen_at bigint,
      first_touch_at bigint,
      source text NOT NULL DEFAULT 'direct',
      campaign text,
      stage text NOT NULL,
      disposition text,
      stage_changed_at bigint NOT NULL,
      sql_since bigint,
      first_mql_at bigint,
      first_sql_at bigint,
      fit double precision NOT NULL DEFAULT 0,
      rank_key double precision NOT NULL DEFAULT 0,
      top_engagement_reason text,
      top_engagement_rank double precision,
      top_fit_reason text,
      top_fit_points double precision,
      next_timer_at bigint
    );
    CREATE INDEX leads_rank ON leads (fit, rank_key, id);
    CREATE INDEX leads_stage_rank ON leads (stage, fit, rank_key, id);
    CREATE INDEX leads_disposition_rank ON leads (disposition, fit, rank_key, id) WHERE disposition IS NOT NULL;
    CREATE INDEX leads_seen ON leads (last_seen_at, id);
    CREATE INDEX leads_stage_seen ON leads (stage, last_seen_at, id);
    CREATE INDEX leads_disposition_seen ON leads (disposition, last_seen_at, id) WHERE disposition IS NOT NULL;
    CREATE INDEX leads_company ON leads (company_domain, rank_key) WHERE company_domain IS NOT NULL;
    CREATE INDEX leads_timer ON leads (next_timer_at) WHERE next_timer_at IS NOT NULL;
    CREATE INDEX leads_funnel ON leads (source, campaign, stage, disposition, created_at, first_mql_at, first_sql_at);

    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE TABLE leads_search (
      lead_id bigint PRIMARY KEY,
      email text NOT NULL,
      name text NOT NULL,
      company text NOT NULL
    );
    CREATE INDEX leads_search_trgm ON leads_search USING gin ((email || ' ' || name || ' ' || company) gin_trgm_ops);

    CREATE TABLE lead_state (
      lead_id bigint PRIMARY KEY REFERENCES leads (id) ON DELETE CASCADE,
      model text NOT NULL
    );

    CREATE TABLE identity_links (
      id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      site text NOT NULL,
      visitor_id text NOT NULL,
      lead_id bigint NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
      evidence_seq bigint NOT NULL,
      linked_at bigint NOT NULL,
      kind text NOT NULL
    );
    CREATE INDEX identity_links_lead ON identity_links (lead_id, evidence_seq);
    CREATE INDEX identity_links_visitor ON identity_links (site, visitor_id, evidence_seq);

    CREATE TABLE visitor_leads (
      site text NOT NULL,
      visitor_id text NOT NULL,
      lead_id bigint NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
      PRIMARY KEY (site, visitor_id)
    );
    CREATE INDEX visitor_leads_lead ON visitor_leads (lead_id);

    CREATE TABLE lead_traits (
      lead_id bigint NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
      key text NOT NULL,
      value text NOT NULL,
      set_at bigint NOT NULL,
      evidence_seq bigint,
      PRIMARY KEY (lead_id, key)
    );

    CREATE TABLE companies (
      domain text PRIMARY KEY,
      name text NOT NULL,
      people bigint NOT NULL,
      engaged_people bigint NOT NULL,
      sum_fit double precision NOT NULL,
      sum_rank double precision NOT NULL
    );

    CREATE TABLE lead_history (
      id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      lead_id bigint NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
      at bigint NOT NULL,
      kind text NOT NULL,
      from_value text,
      to_value text,
      cause text NOT NULL,
      score double precision NOT NULL
    );
    CREATE INDEX lead_history_lead ON lead_history (lead_id, at, id);

    CREATE TABLE lead_actions (
      id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      lead_id bigint NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
      at bigint NOT NULL,
      action text NOT NULL,
      note text,
      after_seq bigint NOT NULL
    );
    CREATE INDEX lead_actions_lead ON lead_actions (lead_id, id);
  `,
};
