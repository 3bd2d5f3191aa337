import type { SpendReads, SpendRow, SpendStore } from '../port/spend.js';
import type { SqlOrTx } from './connect.js';

/** The spend rows on PostgreSQL; text ordered in byte order ("C") as on SQLite. */
export function createPostgresSpend(sql: SqlOrTx): SpendStore {
  return {
    async put(rows) {
      for (const r of rows)
        await sql`INSERT INTO marketing_spend (month, channel, campaign, amount_cents, currency, updated_at)
          VALUES (${r.month}, ${r.channel}, ${r.campaign}, ${r.amount_cents}, ${r.currency}, ${r.updated_at})
          ON CONFLICT (month, channel, campaign) DO UPDATE SET
            amount_cents = excluded.amount_cents, currency = excluded.currency, updated_at = excluded.updated_at`;
    },
  };
}

export function postgresSpendReads(sql: SqlOrTx): SpendReads {
  return {
    async spend(fromMonth, toMonth) {
      return [
        ...(await sql<SpendRow[]>`SELECT * FROM marketing_spend WHERE month >= ${fromMonth} AND month <= ${toMonth}
          ORDER BY month COLLATE "C", channel COLLATE "C", campaign COLLATE "C"`),
      ];
    },
  };
}
