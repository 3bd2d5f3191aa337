/**
 * The routing stores of the port: lead owners with their history, account owners, the
 * round-robin counter, the facts routing rules read, the digest opt-in and the follow-up marks.
 * Both stores implement them (store/sqlite/routing.ts, store/postgres/routing.ts) and one
 * behaviour table runs on both (store/routing.test.ts). Every method runs inside the caller's
 * transaction.
 */

/** How an owner came to be: the routing rule that matched, or a person's reassignment. */
export interface OwnerChange {
  at: number;
  fromUserId: number | null;
  toUserId: number | null;
  /** `rule:<name>`, `account`, `round-robin`, or `manual`. */
  how: string;
  /** Who reassigned by hand (`user:<id>`, `token`, `key:<id>`); null for routing. */
  actor: string | null;
}

/** What routing rules match on: the lead's company domain, the sites it was seen on, its traits (country among them). */
export interface LeadFacts {
  domain: string | null;
  sites: string[];
  traits: Record<string, string>;
}

/** An SQL not acted on (no disposition) since before the cutoff, with its owner. */
export interface OverdueLead {
  leadId: number;
  sqlSince: number;
  ownerId: number | null;
}

export type FollowUpMark = 'reminded' | 'escalated';

/** A user's latest digest: the day it was for (team time zone) and when it was settled. */
export interface DigestSent {
  day: string;
  at: number;
}

/** A stage change into or out of near-SQL or SQL (the digest's hot leads and falls). */
export interface HotStageChange {
  leadId: number;
  at: number;
  from: string | null;
  to: string;
}

export interface RoutingStore {
  ownerOf(leadId: number): Promise<number | null>;
  /** Sets or clears the owner and records the change (unless it is no change); returns the previous owner. */
  assign(leadId: number, userId: number | null, at: number, how: string, actor: string | null): Promise<number | null>;
  /** The lead's owner changes, oldest first. */
  history(leadId: number): Promise<OwnerChange[]>;
  accountOwner(domain: string): Promise<number | null>;
  /** The first owned lead of a company sets its owner: false when it already had one. */
  claimAccount(domain: string, userId: number, at: number): Promise<boolean>;
  /**
   * The counter's next value (0, 1, 2, …). One row updated in place: on PostgreSQL the row lock
   * makes collectors routing at once take turns, each seeing the value the other committed.
   */
  nextTurn(name: string): Promise<number>;
  leadFacts(leadId: number): Promise<LeadFacts>;
  digestOptIn(userId: number): Promise<boolean>;
  setDigestOptIn(userId: number, on: boolean): Promise<void>;
  digestSubscribers(): Promise<number[]>;
  /** SQLs without a disposition since at or before `cutoff`, lacking `mark` for this spell, oldest first. */
  overdueWithout(mark: FollowUpMark, cutoff: number, limit: number): Promise<OverdueLead[]>;
  /** Records a reminder or escalation of one overdue spell; false when it was already recorded (another collector). */
  mark(leadId: number, sqlSince: number, kind: FollowUpMark, at: number): Promise<boolean>;
  /** Records one user's digest of one day; false when it was already sent. */
  claimDigest(userId: number, day: string, at: number): Promise<boolean>;
  /** The user's latest digest day (by time settled), or null before their first. */
  lastDigest(userId: number): Promise<DigestSent | null>;
}

/** The API's routing reads, outside a unit of work (committed data). */
export interface RoutingReads {
  /** The owners of these leads (leads without one are left out). */
  owners(leadIds: readonly number[]): Promise<{ leadId: number; userId: number }[]>;
  /** Ids of a user's leads, ascending, at most `limit`. */
  ownedLeadIds(userId: number, limit: number): Promise<number[]>;
  /** Ids of SQLs without a disposition since at or before `cutoff`, oldest first, at most `limit`. */
  overdueLeadIds(cutoff: number, limit: number): Promise<number[]>;
  ownerHistory(leadId: number): Promise<OwnerChange[]>;
  /**
   * Stage changes into or out of near-SQL/SQL with `since < at <= until`, of one owner's leads (null:
   * every lead), newest first, at most `limit`.
   */
  hotStageChanges(since: number, until: number, ownerId: number | null, limit: number): Promise<HotStageChange[]>;
  /** Like `overdueLeadIds`, of one owner's leads only. */
  overdueOwnedBy(ownerId: number, cutoff: number, limit: number): Promise<number[]>;
}
