import type { DB } from '../../db/index.js';
import type { SpendRow } from '../port/spend.js';

const UPSERT = `INSERT INTO marketing_spend (month, channel, campaign, amount_cents, currency, updated_at)
  VALUES (@month, @channel, @campaign, @amount_cents, @currency, @updated_at)
  ON CONFLICT (month, channel, campaign) DO UPDATE SET
    amount_cents = excluded.amount_cents, currency = excluded.currency, updated_at = excluded.updated_at`;

/** The spend rows on SQLite: the write inside a unit of work, the read outside. */
export function createSqliteSpend(db: DB) {
  const upsert = db.prepare<SpendRow>(UPSERT);
  return {
    put: (rows: readonly SpendRow[]) => {
      for (const row of rows) upsert.run(row);
    },
  };
}

export function sqliteSpendReads(db: DB) {
  const range = db.prepare<[string, string], SpendRow>(
    'SELECT * FROM marketing_spend WHERE month >= ? AND month <= ? ORDER BY month, channel, campaign',
  );
  return { spend: (fromMonth: string, toMonth: string) => range.all(fromMonth, toMonth) };
}
