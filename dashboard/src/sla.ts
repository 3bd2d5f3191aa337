import type { LeadListItem } from './types.js';

/**
 * Sales should contact an SQL within a day or two. A lead is overdue when it has been an SQL for
 * longer than the SLA and sales has not taken it (no disposition yet). Returns how long it has
 * been overdue, or null.
 */
export function overdueMs(lead: Pick<LeadListItem, 'stage' | 'disposition' | 'sqlSince'>, now: number, slaHours: number): number | null {
  if (lead.stage !== 'sql' || lead.disposition !== null || lead.sqlSince === null) return null;
  const late = now - (lead.sqlSince + slaHours * 3_600_000);
  return late > 0 ? late : null;
}
