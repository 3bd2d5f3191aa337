import type { EventRow } from '../../events/rows.js';
import type { LeadRow } from '../../engine/projection/store.js';

type Row = Record<string, string | number | boolean | null>;

/**
 * Every row Kindling holds about one person, for a GDPR access request: the lead, its derived
 * state, its events, traits, browser links and those browsers' first-visit rows, the stage and
 * disposition history, every sales action, and the alerts sent about them.
 */
export interface PersonRows {
  lead: LeadRow;
  /** lead_state.model, as stored (JSON text). */
  model: string | null;
  /** In log order. */
  events: EventRow[];
  /** By key. */
  traits: Row[];
  /** In link order. */
  links: Row[];
  /** By site, then id. */
  visitors: Row[];
  /** By time, then insertion. */
  history: Row[];
  /** By time, then insertion. */
  actions: Row[];
  /** Webhook messages about the lead, by creation time then id (the body is what was sent). */
  alerts: Row[];
  /** What each CRM said of them last (the outcome import's memory), by CRM then record id or email. */
  crmOutcomes: Row[];
}

export interface PersonReads {
  /** Null for an unknown lead. */
  person(id: number): Promise<PersonRows | null>;
}
