import type { Migration } from '../migrations.js';

/**
 * The daily digest reads the stage changes of a time window (since a user's last digest) across
 * every lead; `lead_history`'s own index starts with the lead, so without this one each digest
 * would scan the whole history. Partial: only stage changes are read by time.
 */
export const digestMigration: Migration = {
  version: 13,
  name: 'digest: stage changes by time',
  sqlite: `CREATE INDEX lead_history_stage_at ON lead_history (at, id) WHERE kind = 'stage';`,
  postgres: `CREATE INDEX lead_history_stage_at ON lead_history (at, id) WHERE kind = 'stage';`,
};
