import type { DB } from '../../db/index.js';
import { rowToEvent, type EventRow } from '../../events/rows.js';
import type { IdentityTx, LinkKind } from '../port/engine.js';
import { asAsync } from '../port/async.js';

/** Identity links, visitor pointers and the visitors they point from, on SQLite. */
export function createSqliteIdentity(db: DB): IdentityTx {
  const current = db.prepare<[string, string], { lead_id: number }>('SELECT lead_id FROM visitor_leads WHERE site = ? AND visitor_id = ?');
  const setCurrent = db.prepare(
    'INSERT INTO visitor_leads (site, visitor_id, lead_id) VALUES (?, ?, ?) ON CONFLICT (site, visitor_id) DO UPDATE SET lead_id = excluded.lead_id',
  );
  const insertLink = db.prepare(
    'INSERT INTO identity_links (site, visitor_id, lead_id, evidence_seq, linked_at, kind) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const anonymous = db.prepare<[string, string, number], EventRow>(
    'SELECT * FROM events WHERE site = ? AND visitor_id = ? AND seq < ? AND lead_id IS NULL ORDER BY seq',
  );
  const attribute = db.prepare('UPDATE events SET lead_id = ?, attributed_seq = ? WHERE seq = ?');
  const visitor = db.prepare<
    [string, string],
    { first_seen_at: number; first_utm_source: string | null; first_referrer_host: string | null; first_utm_campaign: string | null }
  >('SELECT first_seen_at, first_utm_source, first_referrer_host, first_utm_campaign FROM visitors WHERE site = ? AND id = ?');
  const browsers = db.prepare<[number], { site: string; visitor_id: string }>(
    'SELECT DISTINCT site, visitor_id FROM identity_links WHERE lead_id = ?',
  );
  const hasEvents = db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM events WHERE site = ? AND visitor_id = ? LIMIT 1');
  const deleteVisitor = db.prepare('DELETE FROM visitors WHERE site = ? AND id = ?');

  const rows = {
    currentLead: (site: string, visitorId: string) => current.get(site, visitorId)?.lead_id ?? null,
    link(l: { site: string; visitorId: string; leadId: number; evidenceSeq: number; linkedAt: number; kind: LinkKind }): void {
      insertLink.run(l.site, l.visitorId, l.leadId, l.evidenceSeq, l.linkedAt, l.kind);
      setCurrent.run(l.site, l.visitorId, l.leadId);
    },
    attributeAnonymous(site: string, visitorId: string, seq: number, leadId: number) {
      const priors = anonymous.all(site, visitorId, seq).map(rowToEvent);
      for (const event of priors) {
        attribute.run(leadId, seq, event.seq);
        event.leadId = leadId;
      }
      return priors;
    },
    touch(site: string, visitorId: string) {
      const row = visitor.get(site, visitorId);
      if (!row) return null;
      return {
        firstSeenAt: row.first_seen_at,
        source: row.first_utm_source ?? row.first_referrer_host ?? 'direct',
        campaign: row.first_utm_campaign,
      };
    },
    browsersOf: (leadId: number) => browsers.all(leadId).map((b) => ({ site: b.site, visitorId: b.visitor_id })),
    forgetIfEmpty(site: string, visitorId: string): void {
      if (!hasEvents.get(site, visitorId)) deleteVisitor.run(site, visitorId);
    },
  };
  return asAsync(rows);
}
