import type { DB } from '../../db/index.js';
import type { KpiLeadRow } from '../port/kpis.js';

/**
 * The KPI read (port/kpis.ts) in SQL both dialects accept: the PostgreSQL store runs the same text
 * with numbered parameters. First touch is the linked browser seen first; last touch is the
 * identifying event, which carries its session's landing referrer and UTM tags (ingest/enrich.ts).
 * The latest sales action set the current disposition: when it came from a CRM import, its date is
 * the CRM's (`occurred_at`) and a won deal brings its amount.
 */
export const KPI_LEADS_SQL = (from: string, to: string) => `
  WITH picked AS (
    SELECT l.id, l.email, l.stage, l.disposition, l.created_at, l.created_seq, l.first_mql_at, l.first_sql_at,
      l.source, l.campaign,
      CASE WHEN l.disposition IS NULL THEN NULL ELSE COALESCE(
        (SELECT a.occurred_at FROM lead_actions a WHERE a.lead_id = l.id ORDER BY a.id DESC LIMIT 1),
        (SELECT MAX(h.at) FROM lead_history h WHERE h.lead_id = l.id AND h.kind = 'disposition')) END AS disposition_at,
      CASE WHEN l.disposition = 'won' THEN
        (SELECT a.amount FROM lead_actions a WHERE a.lead_id = l.id ORDER BY a.id DESC LIMIT 1) END AS won_amount,
      CASE WHEN l.disposition = 'won' THEN
        (SELECT a.currency FROM lead_actions a WHERE a.lead_id = l.id ORDER BY a.id DESC LIMIT 1) END AS won_currency
    FROM leads l
  ), chosen AS (
    SELECT * FROM picked
    WHERE (created_at >= ${from} AND created_at < ${to}) OR (first_mql_at >= ${from} AND first_mql_at < ${to})
      OR (first_sql_at >= ${from} AND first_sql_at < ${to}) OR (disposition_at >= ${from} AND disposition_at < ${to})
      OR (stage = 'sql' AND disposition IS NULL)
  ), touches AS (
    SELECT il.lead_id, v.first_seen_at AS at, v.first_utm_source AS s, v.first_utm_medium AS m, v.first_referrer_host AS r, v.first_utm_campaign AS c,
      ROW_NUMBER() OVER (PARTITION BY il.lead_id ORDER BY v.first_seen_at, il.id) AS k
    FROM identity_links il JOIN visitors v ON v.site = il.site AND v.id = il.visitor_id
    WHERE il.lead_id IN (SELECT id FROM chosen)
  )
  SELECT c.id, c.email, c.stage, c.disposition, c.created_at, c.first_mql_at, c.first_sql_at, c.disposition_at,
    c.won_amount, c.won_currency, o.user_id AS owner_id, u.name AS owner_name,
    (SELECT MIN(COALESCE(a.occurred_at, a.at)) FROM lead_actions a
      WHERE a.lead_id = c.id AND a.action <> 'reopen' AND COALESCE(a.occurred_at, a.at) >= c.first_sql_at) AS first_action_at,
    c.source, c.campaign, t.at AS ft_at, t.s AS ft_source, t.m AS ft_medium, t.r AS ft_referrer, t.c AS ft_campaign,
    e.seq AS lt_seq, e.utm_source AS lt_source, e.utm_medium AS lt_medium, e.referrer_host AS lt_referrer, e.utm_campaign AS lt_campaign
  FROM chosen c LEFT JOIN touches t ON t.lead_id = c.id AND t.k = 1 LEFT JOIN events e ON e.seq = c.created_seq
    LEFT JOIN lead_owners o ON o.lead_id = c.id LEFT JOIN users u ON u.id = o.user_id
  ORDER BY c.id`;

export function sqliteKpiReads(db: DB) {
  const kpiLeads = db.prepare<{ from: number; to: number }, KpiLeadRow>(KPI_LEADS_SQL('@from', '@to'));
  return { kpiLeads: (from: number, to: number) => kpiLeads.all({ from, to }) };
}
