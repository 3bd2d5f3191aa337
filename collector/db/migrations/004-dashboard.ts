import type { Migration } from '../migrations.js';

/**
 * Dashboard sign-in sessions. Only a SHA-256 of the random cookie value is stored, so a copy of
 * the database does not hold usable sessions. Named `dashboard_sessions` so it is never mistaken
 * for browsing sessions (`events.session_id`).
 */
export const dashboardMigration: Migration = {
  version: 4,
  name: 'dashboard: sign-in sessions',
  sqlite: `
    CREATE TABLE dashboard_sessions (
      id_hash TEXT PRIMARY KEY,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX dashboard_sessions_expires ON dashboard_sessions (expires_at);
  `,
  postgres: `
    CREATE TABLE dashboard_sessions (
      id_hash text PRIMARY KEY,
      created_at bigint NOT NULL,
      expires_at bigint NOT NULL
    );
    CREATE INDEX dashboard_sessions_expires ON dashboard_sessions (expires_at);
  `,
};
