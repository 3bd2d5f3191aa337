import type { DB } from '../../db/index.js';
import type { EventRow } from '../../events/rows.js';
import type { LeadRow } from '../../engine/projection/store.js';
import type { LeadDetailRows, LeadFilter, RankRow } from '../port/reads.js';

type FilterKind = LeadFilter['kind'];
/** Constant SQL fragments per filter (never input): each keeps its query on one index. */
const WHERE: Record<FilterKind, string> = { all: '', stage: 'stage = @v AND', disposition: 'disposition = @v AND' };

/** The lead list's and the lead page's statements, prepared once per connection. */
export function sqliteLeadStatements(db: DB) {
  const per = <T>(make: (w: string) => T) => ({ all: make(WHERE.all), stage: make(WHERE.stage), disposition: make(WHERE.disposition) });
  return {
    nextFit: per((w) =>
      db.prepare<Record<string, unknown>, { fit: number }>(`SELECT fit FROM leads WHERE ${w} fit > @after ORDER BY fit LIMIT 1`),
    ),
    // Covering-index reads (id, fit, rank_key); whole rows are loaded only for the page's winners.
    group: per((w) =>
      db.prepare<Record<string, unknown>, RankRow>(
        `SELECT id, fit, rank_key FROM leads WHERE ${w} fit = @fit AND (rank_key < @rank OR (rank_key = @rank AND id < @id)) ORDER BY rank_key DESC, id DESC LIMIT @n`,
      ),
    ),
    byId: db.prepare<[number], LeadRow>('SELECT * FROM leads WHERE id = ?'),
    seen: per((w) =>
      db.prepare<Record<string, unknown>, LeadRow>(
        `SELECT * FROM leads WHERE ${w} (last_seen_at < @seen OR (last_seen_at = @seen AND id < @id)) ORDER BY last_seen_at DESC, id DESC LIMIT @n`,
      ),
    ),
    // Without a filter, a bare COUNT(*) lets SQLite count b-tree entries without reading rows.
    count: {
      ...per((w) => db.prepare<Record<string, unknown>, { n: number }>(`SELECT COUNT(*) AS n FROM leads WHERE ${w} 1`)),
      all: db.prepare<Record<string, unknown>, { n: number }>('SELECT COUNT(*) AS n FROM leads'),
    },
    // Trigram FTS: any substring of three or more characters is an index lookup.
    match: db.prepare<[string, number], { id: number }>(
      'SELECT rowid AS id FROM leads_search WHERE leads_search MATCH ? ORDER BY rowid LIMIT ?',
    ),
    // Shorter strings cannot use trigrams: scan the (small) search table.
    like: db.prepare<{ like: string; n: number }, { id: number }>(
      "SELECT rowid AS id FROM leads_search WHERE email LIKE @like ESCAPE '\\' OR name LIKE @like ESCAPE '\\' OR company LIKE @like ESCAPE '\\' ORDER BY rowid LIMIT @n",
    ),
    model: db.prepare<[number], { model: string }>('SELECT model FROM lead_state WHERE lead_id = ?'),
    events: db.prepare<[number], EventRow>('SELECT * FROM events WHERE lead_id = ? ORDER BY seq'),
    traits: db.prepare<[number], LeadDetailRows['traits'][number]>(
      'SELECT key, value, set_at FROM lead_traits WHERE lead_id = ? ORDER BY key',
    ),
    browsers: db.prepare<[number], LeadDetailRows['browsers'][number]>(
      'SELECT visitor_id, site, linked_at, evidence_seq FROM identity_links WHERE lead_id = ? ORDER BY id',
    ),
    history: db.prepare<[number], LeadDetailRows['history'][number]>(
      'SELECT at, kind, from_value, to_value, cause, score FROM lead_history WHERE lead_id = ? ORDER BY at, id',
    ),
    notes: db.prepare<[number], LeadDetailRows['notes'][number]>(
      'SELECT at, action, note AS text, actor AS author FROM lead_actions WHERE lead_id = ? AND note IS NOT NULL ORDER BY at DESC, id DESC',
    ),
  };
}

/** The list's reads over those statements (synchronous: the caller wraps them for the port). */
export function sqliteLeadReads(db: DB) {
  const s = sqliteLeadStatements(db);
  return {
    leads: (ids: readonly number[]) => ids.flatMap((id) => s.byId.get(id) ?? []),
    fits(filter: LeadFilter): number[] {
      // A loose index scan: one index seek per distinct value instead of reading every row.
      const fits: number[] = [];
      for (let next = s.nextFit[filter.kind].get({ v: filter.v, after: -1e308 }); next;) {
        fits.push(next.fit);
        next = s.nextFit[filter.kind].get({ v: filter.v, after: next.fit });
      }
      return fits;
    },
    rankGroup: (filter: LeadFilter, fit: number, rank: number, id: number, n: number) =>
      s.group[filter.kind].all({ v: filter.v, fit, rank, id, n }),
    bySeen: (filter: LeadFilter, seen: number, id: number, n: number) => s.seen[filter.kind].all({ v: filter.v, seen, id, n }),
    countLeads: (filter: LeadFilter) => s.count[filter.kind].get({ v: filter.v })!.n,
    search(q: string, limit: number): number[] {
      if ([...q].length >= 3) return s.match.all(`"${q.replace(/"/g, '""')}"`, limit).map((r) => r.id);
      return s.like.all({ like: `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, n: limit }).map((r) => r.id);
    },
    leadDetail(id: number): LeadDetailRows | null {
      const row = s.byId.get(id);
      const state = s.model.get(id);
      if (!row || !state) return null;
      return {
        row,
        model: JSON.parse(state.model) as LeadDetailRows['model'],
        events: s.events.all(id),
        traits: s.traits.all(id),
        browsers: s.browsers.all(id),
        history: s.history.all(id),
        notes: s.notes.all(id),
      };
    },
  };
}
