/**
 * Company enrichment's rows (issue 16 point 3): the lookup queue, which keeps each answer (the cache),
 * and the daily call budget shared by every collector on the database.
 */
import type { CompanyFacts, EnrichmentQuery } from '../../enrichment/provider.js';

/** A queued lookup a collector has claimed: it is leased to it until `leaseUntil`. */
export interface ClaimedLookup {
  /** The account key the answer is for (`d:<domain>`, `n:<asn>`). */
  subject: string;
  query: EnrichmentQuery;
  /** Failed attempts so far (the retry schedule's position). */
  attempts: number;
}

export interface ClaimOptions {
  now: number;
  limit: number;
  leaseMs: number;
  /** The UTC day (days since the epoch) the calls count for, and the calls allowed that day. */
  day: number;
  budget: number;
}

export interface EnrichmentTx {
  /**
   * Queues a lookup unless the subject is queued already or was answered at or after `freshSince`
   * (the cache); an older answer or a given-up lookup is queued again. Returns true when queued.
   */
  enqueue(subject: string, query: EnrichmentQuery, now: number, freshSince: number): Promise<boolean>;
  /**
   * Leases up to `limit` due lookups (and no more than `budget` minus the calls counted for `day`),
   * counting them as calls of the day. PostgreSQL: rows locked with SKIP LOCKED, so collectors
   * claiming at once take different rows; the budget row's lock orders them.
   */
  claim(at: ClaimOptions): Promise<ClaimedLookup[]>;
  /** The answer (null: the provider knows nothing of it); the account's enriched name follows it. */
  complete(subject: string, facts: CompanyFacts | null, now: number): Promise<void>;
  /** Another attempt at `nextAt`. */
  retry(subject: string, nextAt: number, error: string): Promise<void>;
  /** Given up (a refusal, or the retries spent); queued again once `freshSince` passes it, as an answer is. */
  fail(subject: string, error: string, now: number): Promise<void>;
}

/** What the API reads of enrichment: the stored answer for an account key. */
export interface EnrichmentReads {
  companyFacts(subject: string): Promise<(CompanyFacts & { fetchedAt: number }) | null>;
  /** Calls counted for a UTC day (days since the epoch). */
  enrichmentCalls(day: number): Promise<number>;
}
