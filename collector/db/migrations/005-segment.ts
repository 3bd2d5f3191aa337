import type { Migration } from '../migrations.js';

/**
 * Segment-compatible ingestion: pairs of visitor ids that Segment said are one person (an alias,
 * or a message with both anonymousId and userId), stored both ways so either side finds the
 * other with one index seek. Ingest memory only: the links they cause are identify events in
 * the log, so rescoring never needs this table.
 */
export const segmentMigration: Migration = {
  version: 5,
  name: 'segment: visitor aliases',
  sqlite: `
    CREATE TABLE segment_aliases (
      site TEXT NOT NULL,
      visitor_id TEXT NOT NULL,
      other_id TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      PRIMARY KEY (site, visitor_id, other_id)
    ) WITHOUT ROWID;
  `,
  postgres: `
    CREATE TABLE segment_aliases (
      site text NOT NULL,
      visitor_id text NOT NULL,
      other_id text NOT NULL,
      created_at bigint NOT NULL,
      PRIMARY KEY (site, visitor_id, other_id)
    );
  `,
};
