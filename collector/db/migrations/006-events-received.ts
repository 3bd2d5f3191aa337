import type { Migration } from '../migrations.js';

/**
 * Drops `events_received`: retention was its only reader, and every event insert paid for it.
 * Retention now walks the log from its oldest `seq` (seq grows in receipt order), so it needs no
 * index of its own.
 */
export const eventsReceivedMigration: Migration = {
  version: 6,
  name: 'events: drop the received_at index (retention walks seq)',
  sqlite: `DROP INDEX IF EXISTS events_received;`,
  postgres: `DROP INDEX IF EXISTS events_received;`,
};
