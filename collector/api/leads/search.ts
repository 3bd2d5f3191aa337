import type { ApiReads } from '../../store/port/reads.js';

/** At most this many matches are ranked; a search is meant to find someone, not to list everyone. */
export const MAX_SEARCH_MATCHES = 5000;
/** Longer queries are cut: nobody's email, name or company is longer. */
const MAX_QUERY_CHARS = 200;

/** Ids of leads whose email, name or company contains `q` (case-insensitive). */
export function searchLeadIds(reads: ApiReads, q: string): Promise<number[]> {
  return reads.search(q.trim().slice(0, MAX_QUERY_CHARS), MAX_SEARCH_MATCHES);
}
