import type { DB } from '../../db/index.js';
import type { ReviewLeadRow } from '../port/review.js';

/** The review read (port/review.ts) in SQL both dialects accept; the PostgreSQL store numbers its parameters. */
export const REVIEW_LEADS_SQL = (from: string, to: string) => `
  SELECT l.id, l.email, l.disposition, d.at AS disposition_at,
    (SELECT h.score FROM lead_history h WHERE h.lead_id = l.id AND h.kind = 'stage' AND h.to_value = 'sql'
      ORDER BY h.at, h.id LIMIT 1) AS sql_score,
    (SELECT h.score FROM lead_history h WHERE h.lead_id = l.id AND h.kind = 'disposition' AND h.to_value IS NOT NULL
      ORDER BY h.at, h.id LIMIT 1) AS action_score
  FROM leads l
  JOIN (SELECT lead_id, MAX(at) AS at FROM lead_history WHERE kind = 'disposition' GROUP BY lead_id) d ON d.lead_id = l.id
  WHERE l.disposition IN ('won', 'lost', 'rejected') AND d.at >= ${from} AND d.at < ${to}
  ORDER BY l.id`;

export function sqliteReviewReads(db: DB) {
  const leads = db.prepare<{ from: number; to: number }, ReviewLeadRow>(REVIEW_LEADS_SQL('@from', '@to'));
  return { reviewLeads: (from: number, to: number) => leads.all({ from, to }) };
}
