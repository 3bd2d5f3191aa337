import { rowToEvent, type EventRow } from '../../events/rows.js';
import type { IdentityTx } from '../port/engine.js';
import type { SqlOrTx } from './connect.js';

/**
 * Identity links on PostgreSQL, inside the caller's transaction: `identity_links` is the history
 * (never rewritten), `visitor_leads` where each browser points now, written under the lead's lock.
 */
export function createPostgresIdentity(sql: SqlOrTx): IdentityTx {
  return {
    async currentLead(site, visitorId) {
      const [row] = await sql<{ lead_id: number }[]>`SELECT lead_id FROM visitor_leads WHERE site = ${site} AND visitor_id = ${visitorId}`;
      return row?.lead_id ?? null;
    },
    async link({ site, visitorId, leadId, evidenceSeq, linkedAt, kind }) {
      await sql`INSERT INTO identity_links (site, visitor_id, lead_id, evidence_seq, linked_at, kind)
        VALUES (${site}, ${visitorId}, ${leadId}, ${evidenceSeq}, ${linkedAt}, ${kind})`;
      await sql`INSERT INTO visitor_leads (site, visitor_id, lead_id) VALUES (${site}, ${visitorId}, ${leadId})
        ON CONFLICT (site, visitor_id) DO UPDATE SET lead_id = excluded.lead_id`;
    },
    async attributeAnonymous(site, visitorId, seq, leadId) {
      // One statement: it locks the rows it takes, and a collector attributing the same browser at
      // the same moment waits, then finds them taken (READ COMMITTED re-checks `lead_id IS NULL`).
      const rows = await sql<EventRow[]>`UPDATE events SET lead_id = ${leadId}, attributed_seq = ${seq}
        WHERE site = ${site} AND visitor_id = ${visitorId} AND seq < ${seq} AND lead_id IS NULL RETURNING *`;
      return rows.map(rowToEvent).sort((a, b) => a.seq - b.seq);
    },
    async touch(site, visitorId) {
      const [row] = await sql<
        { first_seen_at: number; first_utm_source: string | null; first_referrer_host: string | null; first_utm_campaign: string | null }[]
      >`SELECT first_seen_at, first_utm_source, first_referrer_host, first_utm_campaign FROM visitors WHERE site = ${site} AND id = ${visitorId}`;
      if (!row) return null;
      return {
        firstSeenAt: row.first_seen_at,
        source: row.first_utm_source ?? row.first_referrer_host ?? 'direct',
        campaign: row.first_utm_campaign,
      };
    },
    async browsersOf(leadId) {
      const rows = await sql<{ site: string; visitor_id: string }[]>`
        SELECT DISTINCT site, visitor_id FROM identity_links WHERE lead_id = ${leadId} ORDER BY site, visitor_id`;
      return rows.map((r) => ({ site: r.site, visitorId: r.visitor_id }));
    },
    async forgetIfEmpty(site, visitorId) {
      await sql`DELETE FROM visitors WHERE site = ${site} AND id = ${visitorId}
        AND NOT EXISTS (SELECT 1 FROM events WHERE site = ${site} AND visitor_id = ${visitorId})`;
    },
  };
}
