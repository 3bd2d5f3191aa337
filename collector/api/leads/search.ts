import type { DB } from '../../db/index.js';

/** At most this many matches are ranked; a search is meant to find someone, not to list everyone. */
export const MAX_SEARCH_MATCHES = 5000;

function statements(db: DB) {
  return {
    // Trigram FTS: any substring of three or more characters is an index lookup.
    match: db.prepare<[string, number], { id: number }>('SELECT rowid AS id FROM leads_search WHERE leads_search MATCH ? LIMIT ?'),
    // Shorter strings cannot use trigrams: scan the (small) search table.
    like: db.prepare<{ like: string; n: number }, { id: number }>(
      "SELECT rowid AS id FROM leads_search WHERE email LIKE @like ESCAPE '\\' OR name LIKE @like ESCAPE '\\' OR company LIKE @like ESCAPE '\\' LIMIT @n",
    ),
  };
}
const cache = new WeakMap<DB, ReturnType<typeof statements>>();

/** Ids of leads whose email, name or company contains `q` (case-insensitive). */
export function searchLeadIds(db: DB, q: string): number[] {
  const s = cache.get(db) ?? cache.set(db, statements(db)).get(db)!;
  const text = q.trim().slice(0, 200);
  if ([...text].length >= 3) return s.match.all(`"${text.replace(/"/g, '""')}"`, MAX_SEARCH_MATCHES).map((r) => r.id);
  return s.like.all({ like: `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, n: MAX_SEARCH_MATCHES }).map((r) => r.id);
}
