import type { ScoringEvent } from '../rules/compile.js';
import type { EventsNeeded } from '../scoring/incremental.js';

/**
 * A lead's stored events as one writer transaction has read them: every event of the lead with
 * seq ≥ `from`, in no particular order (the fold sorts what it reads).
 */
export interface HeldEvents {
  from: number;
  events: ScoringEvent[];
}

/** The log reads a lead's step may need (the store's, inside the transaction). */
export interface LeadEventsSource {
  /** A new array per call: it is kept (and added to) as `held`. */
  forLead(leadId: number): Promise<ScoringEvent[]>;
  forLeadFrom(leadId: number, seq: number): Promise<ScoringEvent[]>;
}

/**
 * The events a step needs (`eventsNeeded`), read from the log at most once per lead and
 * transaction. Per-event steps make a request of 20 events move a lead's checkpoint once or twice,
 * and a late request replay the lead once per event (each event is older than what the previous
 * one re-placed): the bench's traffic read ~12 whole histories per late request. After the first
 * read, `held` answers from memory, exactly: the lead is locked for the transaction, and every
 * event the engine assigns to it in the transaction is stepped (and so added here, as `fresh`)
 * before the lead's next read, so `held` stays what the log would return.
 * Returns what to hand the fold and what to hold from now on (null: nothing held yet).
 */
export async function neededEvents(
  held: HeldEvents | null,
  needed: EventsNeeded,
  fresh: readonly ScoringEvent[],
  source: LeadEventsSource,
  leadId: number,
): Promise<{ events: readonly ScoringEvent[]; held: HeldEvents | null }> {
  const from = needed.from === 'all' ? Number.NEGATIVE_INFINITY : needed.from === 'seq' ? needed.seq : null;
  if (held && (from === null || held.from <= from)) {
    // The fresh events were assigned to the lead just before this step: the log would now return them too.
    for (const e of fresh) if (e.seq >= held.from) held.events.push(e);
    return { events: from === null ? [] : held.events, held };
  }
  if (from === null) return { events: [], held };
  // Read from the log: the fresh events are already assigned, so the rows include them.
  const events = needed.from === 'all' ? await source.forLead(leadId) : await source.forLeadFrom(leadId, from);
  return { events, held: { from, events } };
}
