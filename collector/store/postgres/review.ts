import type { ReviewLeadRow, ReviewReads } from '../port/review.js';
import { REVIEW_LEADS_SQL } from '../sqlite/review.js';
import type { SqlOrTx } from './connect.js';

const REVIEW_LEADS = REVIEW_LEADS_SQL('$1::bigint', '$2::bigint');

export function postgresReviewReads(sql: SqlOrTx): ReviewReads {
  return {
    async reviewLeads(from, to) {
      return [...(await sql.unsafe<ReviewLeadRow[]>(REVIEW_LEADS, [from, to], { prepare: true }))];
    },
  };
}
