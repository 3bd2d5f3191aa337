import type { Migration } from '../migrations.js';

/**
 * The event log and the visitors it mentions. Keys are time-ordered: `events.seq` is the
 * INTEGER PRIMARY KEY (append order = replay order) and client event ids are time-ordered too,
 * so the dedupe index grows at its right edge instead of splitting pages at random.
 */
export const coreMigration: Migration = {
  version: 1,
  name: 'core: settings, visitors, events',
  up: `
    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );

    CREATE TABLE visitors (
      site TEXT NOT NULL,
      id TEXT NOT NULL,
      first_seen_at INTEGER NOT NULL,
      last_seen_at INTEGER NOT NULL,
      -- first touch: where this browser first came from
      first_referrer_host TEXT,
      first_utm_source TEXT,
      first_utm_medium TEXT,
      first_utm_campaign TEXT,
      PRIMARY KEY (site, id)
    ) WITHOUT ROWID;

    -- Append-only: rows are inserted, never updated, except lead_id, which is a projection of
    -- identity links (set when a visitor is identified), and deleted only by erasure or retention.
    CREATE TABLE events (
      seq INTEGER PRIMARY KEY,
      site TEXT NOT NULL,
      event_id TEXT NOT NULL,
      visitor_id TEXT NOT NULL,
      session_id TEXT,
      lead_id INTEGER,
      type TEXT NOT NULL,
      name TEXT,
      ts INTEGER NOT NULL,
      received_at INTEGER NOT NULL,
      url TEXT,
      path TEXT,
      page_class TEXT,
      title TEXT,
      referrer_host TEXT,
      utm_source TEXT,
      utm_medium TEXT,
      utm_campaign TEXT,
      utm_term TEXT,
      utm_content TEXT,
      props TEXT NOT NULL DEFAULT '{}',
      browser TEXT,
      os TEXT,
      device TEXT,
      ip TEXT
    );
    CREATE UNIQUE INDEX events_site_event_id ON events (site, event_id);
    CREATE INDEX events_visitor ON events (site, visitor_id, seq);
    CREATE INDEX events_lead ON events (lead_id, seq) WHERE lead_id IS NOT NULL;
    CREATE INDEX events_received ON events (received_at);
  `,
};
