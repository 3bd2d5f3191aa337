/**
 * Accounts (issue 16): a company from an email domain (`d:acme.com`) or, for visitors who never
 * identified, from the business network they visit from (`n:64500`). The activity table is the
 * account projection's only state that figures are computed from: one row per browser, person
 * and day, added to event by event, so replaying the log rebuilds it exactly.
 */
import type { StoredEvent } from '../../events/types.js';

export type AccountKind = 'domain' | 'network';

/** The fields of an event the accounts projection reads: its browser, person, day and network, and what the engagement rules match. */
export type AccountEvent = Pick<
  StoredEvent,
  'seq' | 'site' | 'visitorId' | 'leadId' | 'type' | 'name' | 'ts' | 'path' | 'pageClass' | 'props'
>;

/** Who an account is: its label; figures come from its activity. */
export interface AccountLabel {
  key: string;
  kind: AccountKind;
  name: string;
  domain: string | null;
  asn: number | null;
  country: string | null;
}

export interface AccountRow extends AccountLabel {
  /** `account.surging` latch: no new surge before this time (null: armed). */
  latched_until: number | null;
  surged_at: number | null;
}

/** One browser's activity for one day within one account; `lead_id` 0 while the browser is anonymous. */
export interface ActivityRow {
  account_key: string;
  site: string;
  visitor_id: string;
  lead_id: number;
  /** Days since the epoch (UTC). */
  day: number;
  views: number;
  pricing_views: number;
  downloads: number;
  forms: number;
  /** The engagement rules' points of the day's events (undecayed). */
  points: number;
}

export interface AccountsTx {
  /** Creates the account or refreshes its label (name, country). */
  saveLabel(label: AccountLabel): Promise<void>;
  /** Adds one event's counts to its browser's row of the day (created at zero). */
  addActivity(row: ActivityRow): Promise<void>;
  /** Removes and returns a browser's anonymous rows (lead 0): identification moves them to the person's account. */
  takeAnonymous(site: string, visitorId: string): Promise<ActivityRow[]>;
  /** An account's activity since a day, for its figures. */
  activity(key: string, sinceDay: number): Promise<ActivityRow[]>;
  account(key: string): Promise<AccountRow | null>;
  setLatch(key: string, latchedUntil: number | null, surgedAt: number | null): Promise<void>;
  /** Erasure: removes a person's rows; returns the accounts they were in. */
  forgetLead(leadId: number): Promise<string[]>;
  /** Where a rebuild from the log writes the activity (labels and latches stay). */
  rebuild(): ActivityRebuild;
  /** Rebuild from the log: the next `limit` events after log position `seq`, in log order. */
  eventsAfter(seq: number, limit: number): Promise<AccountEvent[]>;
}

/** Where activity rows are added and anonymous ones taken: the live table, or a rebuild's. */
export type ActivityTarget = Pick<AccountsTx, 'addActivity' | 'takeAnonymous'>;

/** The activity table a rebuild writes, and how it replaces the live one. */
export interface ActivityRebuild extends ActivityTarget {
  /**
   * True: the rows go to a table of the rebuild's own, written over many transactions while ingest
   * keeps adding to the live one, and `finish` swaps it in. Exact only where the log's order is the
   * order its events were committed in (SQLite's one writer): the rebuild's last read then sees
   * every event ingest stored meanwhile. False (PostgreSQL, where a fleet's sequence values can
   * commit out of order): the live table is emptied and rebuilt, all in the caller's one transaction.
   */
  readonly staged: boolean;
  /** Starts over: an empty table (staged: a new one of the rebuild's own, any left over discarded). */
  begin(): Promise<void>;
  /** False when the staged table went since `begin`: an erasure drops it (its person's rows must not survive), and the rebuild starts over. */
  intact(): Promise<boolean>;
  /** Staged: the rebuilt table replaces the live one (the live one's rows go). */
  finish(): Promise<void>;
}

/** The API's reads of accounts (committed data). */
export interface AccountReads {
  /** Every account with activity since the day, with those rows (the list ranks them in code). */
  accountsActive(sinceDay: number): Promise<{ accounts: AccountRow[]; activity: ActivityRow[] }>;
  account(key: string): Promise<AccountRow | null>;
  accountActivity(key: string, sinceDay: number): Promise<ActivityRow[]>;
}
