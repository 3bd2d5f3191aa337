import type { Migration } from '../migrations.js';

/**
 * Marketing spend (issue 17.6): one amount per month and channel or campaign, entered in the
 * dashboard or imported as CSV. `channel` and `campaign` are '' when not given, so the key
 * (month, channel, campaign) is a plain primary key and a re-import replaces the row. Amounts in
 * cents (whole numbers: no rounding drift when summed).
 */
export const spendMigration: Migration = {
  version: 12,
  name: 'spend: marketing spend per month and channel or campaign',
  sqlite: `
    CREATE TABLE marketing_spend (
      month TEXT NOT NULL,
      channel TEXT NOT NULL,
      campaign TEXT NOT NULL,
      amount_cents INTEGER NOT NULL,
      currency TEXT NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (month, channel, campaign)
    ) WITHOUT ROWID;
  `,
  postgres: `
    CREATE TABLE marketing_spend (
      month text NOT NULL,
      channel text NOT NULL,
      campaign text NOT NULL,
      amount_cents bigint NOT NULL,
      currency text NOT NULL,
      updated_at bigint NOT NULL,
      PRIMARY KEY (month, channel, campaign)
    );
  `,
};
