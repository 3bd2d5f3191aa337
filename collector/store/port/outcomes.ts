/**
 * The CRM outcome import's stores (issue 17, point 7): which lead a CRM record belongs to, and
 * what each CRM row said last time (so a re-import changes nothing unless the CRM's answer did).
 * Both stores implement them (store/sqlite/outcomes.ts, store/postgres/outcomes.ts) and one
 * behaviour table runs on both (store/outcomes.test.ts). Every method runs inside the caller's
 * transaction.
 */

export const CRM_OUTCOMES = ['won', 'lost', 'disqualified', 'opportunity'] as const;
export type CrmOutcome = (typeof CRM_OUTCOMES)[number];

/** One CRM row as last imported: `identity` is the CRM record id, else the lower-cased email. */
export interface StoredCrmOutcome {
  crm: string;
  identity: string;
  leadId: number;
  outcome: CrmOutcome;
  occurredAt: number;
  amount: number | null;
  currency: string | null;
}

export interface OutcomesStore {
  /** The lead a CRM record id was matched to before, if it still exists. */
  leadByCrmId(crm: string, crmId: string): Promise<number | null>;
  /** The lead whose (normalized, lower-case) email this is. */
  leadByEmail(email: string): Promise<number | null>;
  /** Keeps the CRM id of a matched lead (the first match wins; an id already kept stays). */
  rememberCrmId(crm: string, crmId: string, leadId: number): Promise<void>;
  previous(crm: string, identity: string): Promise<StoredCrmOutcome | null>;
  /** Inserts or replaces the row of this (crm, identity). */
  save(row: StoredCrmOutcome, at: number): Promise<void>;
}
