/**
 * Marketing spend (issue 17.6): one row per month and channel or campaign. Both stores implement
 * it (store/sqlite/spend.ts, store/postgres/spend.ts); one behaviour table runs on both
 * (store/spend.test.ts). `channel` and `campaign` are '' when not given.
 */
export interface SpendRow {
  /** `YYYY-MM`. */
  month: string;
  channel: string;
  campaign: string;
  amount_cents: number;
  /** ISO 4217, upper case. */
  currency: string;
  updated_at: number;
}

/** The write side, inside the caller's transaction. */
export interface SpendStore {
  /** Inserts each row, replacing the one with the same month, channel and campaign. */
  put(rows: readonly SpendRow[]): Promise<void>;
}

export interface SpendReads {
  /** The rows of the months from `fromMonth` to `toMonth` (both included), by month, channel, campaign. */
  spend(fromMonth: string, toMonth: string): Promise<SpendRow[]>;
}
