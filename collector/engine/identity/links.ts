import type { DB } from '../../db/index.js';
import { rowToEvent, type EventRow } from '../../events/rows.js';
import type { StoredEvent } from '../../events/types.js';

/**
 * Identity stitching in the database. A browser (site + visitor id) points at most at one lead at
 * a time (`visitor_leads`); every change of that pointer is a row in `identity_links` with the
 * event that caused it. People are never merged: a browser that identifies a different email
 * moves to that lead from then on, and what it did before stays with the first person.
 */
export type LinkKind = 'anonymous' | 'shared-device';

export interface LinkResult {
  /** 'same' when the browser already pointed at this lead. */
  kind: LinkKind | 'same';
  /** The browser's earlier anonymous events, now attributed to the lead. */
  priors: StoredEvent[];
}

export interface VisitorTouch {
  firstSeenAt: number;
  source: string;
  campaign: string | null;
}

export function createIdentity(db: DB) {
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
  const assign = db.prepare('UPDATE events SET lead_id = ? WHERE seq = ?');
  const visitor = db.prepare<
    [string, string],
    { first_seen_at: number; first_utm_source: string | null; first_referrer_host: string | null; first_utm_campaign: string | null }
  >('SELECT first_seen_at, first_utm_source, first_referrer_host, first_utm_campaign FROM visitors WHERE site = ? AND id = ?');

  return {
    currentLead(site: string, visitorId: string): number | null {
      return current.get(site, visitorId)?.lead_id ?? null;
    },

    /** Links the browser to the lead on the evidence of event `evidence` (which is assigned too). */
    link(evidence: Pick<StoredEvent, 'site' | 'visitorId' | 'seq' | 'receivedAt'>, leadId: number): LinkResult {
      const { site, visitorId, seq } = evidence;
      const was = current.get(site, visitorId)?.lead_id ?? null;
      assign.run(leadId, seq);
      if (was === leadId) return { kind: 'same', priors: [] };
      const kind: LinkKind = was === null ? 'anonymous' : 'shared-device';
      insertLink.run(site, visitorId, leadId, seq, evidence.receivedAt, kind);
      setCurrent.run(site, visitorId, leadId);
      if (kind === 'shared-device') return { kind, priors: [] };
      const priors = anonymous.all(site, visitorId, seq).map(rowToEvent);
      for (const event of priors) {
        attribute.run(leadId, seq, event.seq);
        event.leadId = leadId;
      }
      return { kind, priors };
    },

    assign(seq: number, leadId: number): void {
      assign.run(leadId, seq);
    },

    /** First touch of a browser: when, and from where (UTM source, else referrer, else direct). */
    touch(site: string, visitorId: string): VisitorTouch | null {
      const row = visitor.get(site, visitorId);
      if (!row) return null;
      return {
        firstSeenAt: row.first_seen_at,
        source: row.first_utm_source ?? row.first_referrer_host ?? 'direct',
        campaign: row.first_utm_campaign,
      };
    },
  };
}
export type Identity = ReturnType<typeof createIdentity>;
