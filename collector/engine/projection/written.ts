import type { LeadRow } from './store.js';

/**
 * The lead rows the engine's projection wrote in a writer transaction, by lead id, as written
 * (after `deriveRow`): the projections registered after it (accounts) read a lead's company from
 * here instead of reading back the row the engine has just written. Keyed by the transaction's
 * context, so a row never outlives its transaction; a lead not here is read from the store.
 */
const written = new WeakMap<object, Map<number, LeadRow>>();

/** Records rows as the engine wrote them (a later write of the same lead replaces its row). */
export function handOverLeads(tx: object, rows: Iterable<LeadRow>): void {
  let held = written.get(tx);
  if (!held) written.set(tx, (held = new Map()));
  for (const row of rows) held.set(row.id, row);
}

/** The row the engine wrote for this lead in this transaction, if it wrote one. */
export function writtenLead(tx: object, leadId: number): LeadRow | undefined {
  return written.get(tx)?.get(leadId);
}
