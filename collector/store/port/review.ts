/**
 * The quarterly review's read (issue 17.8): the leads sales closed in a period, with the score
 * they had when they entered SQL and when sales first acted on them (the scores the stage machine
 * wrote into the lead's history). Both stores run one SQL text (store/sqlite/review.ts).
 */
export interface ReviewLeadRow {
  id: number;
  email: string;
  /** won, lost or rejected (the disposition as it stands). */
  disposition: string;
  /** When that disposition was set. */
  disposition_at: number;
  /** The score at the first entry into SQL, null when it never entered SQL. */
  sql_score: number | null;
  /** The score at the first sales action (accept, reject, won, lost). */
  action_score: number | null;
}

export interface ReviewReads {
  /** Leads whose disposition is won, lost or rejected, set in [from, to), by id. */
  reviewLeads(from: number, to: number): Promise<ReviewLeadRow[]>;
}
