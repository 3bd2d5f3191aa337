import type { DB } from '../../db/index.js';
import type { EventRow } from '../../events/rows.js';
import type { LeadRow } from '../../engine/projection/store.js';
import type { PersonRows } from '../port/person.js';

type Row = Record<string, string | number | null>;

/** The person export's statements (port/person.ts); the PostgreSQL store runs the same texts. */
export const PERSON_SQL = (p: string) => ({
  lead: `SELECT * FROM leads WHERE id = ${p}`,
  model: `SELECT model FROM lead_state WHERE lead_id = ${p}`,
  events: `SELECT * FROM events WHERE lead_id = ${p} ORDER BY seq`,
  traits: `SELECT key, value, set_at, evidence_seq FROM lead_traits WHERE lead_id = ${p} ORDER BY key`,
  links: `SELECT site, visitor_id, evidence_seq, linked_at, kind FROM identity_links WHERE lead_id = ${p} ORDER BY id`,
  visitors: `SELECT v.site, v.id, v.first_seen_at, v.last_seen_at, v.first_referrer_host, v.first_utm_source, v.first_utm_medium,
      v.first_utm_campaign FROM visitors v
    WHERE EXISTS (SELECT 1 FROM identity_links l WHERE l.lead_id = ${p} AND l.site = v.site AND l.visitor_id = v.id)
    ORDER BY v.site, v.id`,
  history: `SELECT at, kind, from_value, to_value, cause, score FROM lead_history WHERE lead_id = ${p} ORDER BY at, id`,
  actions: `SELECT at, action, note, source, crm, crm_id, amount, currency, occurred_at FROM lead_actions WHERE lead_id = ${p} ORDER BY at, id`,
  crm: `SELECT crm, identity, outcome, occurred_at, amount, currency, updated_at FROM crm_outcomes WHERE lead_id = ${p} ORDER BY crm, identity`,
  alerts: `SELECT id, endpoint_id, type, status, attempts, created_at, delivered_at, body FROM webhook_messages
    WHERE lead_id = ${p} ORDER BY created_at, id`,
});

export function sqlitePersonReads(db: DB) {
  const s = Object.fromEntries(Object.entries(PERSON_SQL('?')).map(([k, text]) => [k, db.prepare<[number], Row>(text)]));
  return {
    person(id: number): PersonRows | null {
      const lead = s.lead!.get(id) as LeadRow | undefined;
      if (!lead) return null;
      return {
        lead,
        model: (s.model!.get(id)?.model as string | undefined) ?? null,
        events: s.events!.all(id) as unknown as EventRow[],
        traits: s.traits!.all(id),
        links: s.links!.all(id),
        visitors: s.visitors!.all(id),
        history: s.history!.all(id),
        actions: s.actions!.all(id),
        alerts: s.alerts!.all(id),
        crmOutcomes: s.crm!.all(id),
      };
    },
  };
}
