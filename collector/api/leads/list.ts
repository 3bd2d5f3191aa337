import type { DB } from '../../db/index.js';
import { DISPOSITIONS } from '../../events/domain.js';
import type { LeadRow } from '../../engine/projection/store.js';
import { currentScore, toListItem, type LeadListItem, type ReadContext } from './item.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { searchLeadIds } from './search.js';

export interface ListQuery {
  stage?: string | undefined;
  q?: string | undefined;
  sort: 'score' | 'lastSeen';
  limit: number;
  cursor?: string | undefined;
}

export interface ListResult {
  leads: LeadListItem[];
  nextCursor: string | null;
  total: number;
}

type FilterKind = 'all' | 'stage' | 'disposition';
/** Constant SQL fragments per filter (never input): each keeps its query on one index. */
const WHERE: Record<FilterKind, string> = { all: '', stage: 'stage = @v AND', disposition: 'disposition = @v AND' };

function filterOf(stage: string | undefined): { kind: FilterKind; v: string | null } {
  if (!stage) return { kind: 'all', v: null };
  return (DISPOSITIONS as readonly string[]).includes(stage) ? { kind: 'disposition', v: stage } : { kind: 'stage', v: stage };
}

function statements(db: DB) {
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
  };
}
const cache = new WeakMap<DB, ReturnType<typeof statements>>();
const stmts = (db: DB) => cache.get(db) ?? cache.set(db, statements(db)).get(db)!;

type RankRow = Pick<LeadRow, 'id' | 'fit' | 'rank_key'>;
/** Group reads start small (most groups give the top few rows) and double as a group is consumed. */
const FIRST_PAGE = 4;
const MAX_PAGE = 256;
const BIG = 1e308;

/**
 * Leads by current score. Within one fit value, score order is rank_key order (time-invariant), so
 * each fit group is read off its index in order and the groups are merged: O(groups + limit)
 * index reads, independent of how many leads there are.
 */
function byScore(
  rc: ReadContext,
  query: ListQuery,
  filter: { kind: FilterKind; v: string | null },
): { rows: LeadRow[]; next: string | null } {
  const s = stmts(rc.db);
  const cursor = decodeCursor(query.cursor, 'score');
  const at: ReadContext = cursor ? { ...rc, now: cursor.t } : rc;
  const before = (row: RankRow) => {
    if (!cursor) return true;
    const score = currentScore(at, row).score;
    return score < cursor.score || (score === cursor.score && row.id < cursor.id);
  };
  const groups: { fit: number; rank: number; id: number; page: number; buffer: RankRow[]; done: boolean }[] = [];
  for (
    let after = -BIG, next = s.nextFit[filter.kind].get({ v: filter.v, after });
    next;
    next = s.nextFit[filter.kind].get({ v: filter.v, after })
  ) {
    after = next.fit;
    let rank = BIG;
    let id = Number.MAX_SAFE_INTEGER;
    if (cursor && cursor.fit === next.fit) ({ rank, id } = cursor);
    else if (cursor) {
      const bound = (cursor.score - next.fit) / Math.pow(2, (at.epoch - at.now) / at.rules.halfLifeMs);
      rank = bound + Math.abs(bound) * 1e-9 + 1e-300;
    }
    groups.push({ fit: next.fit, rank, id, page: FIRST_PAGE, buffer: [], done: false });
  }
  const head = (g: (typeof groups)[number]): RankRow | null => {
    while (!g.buffer.length && !g.done) {
      const rows = s.group[filter.kind].all({ v: filter.v, fit: g.fit, rank: g.rank, id: g.id, n: g.page });
      if (rows.length < g.page) g.done = true;
      g.page = Math.min(MAX_PAGE, g.page * 2);
      const last = rows[rows.length - 1];
      if (last) ({ rank_key: g.rank, id: g.id } = last);
      g.buffer = rows.filter(before);
    }
    return g.buffer[0] ?? null;
  };
  const rows: RankRow[] = [];
  while (rows.length < query.limit) {
    let best: { g: (typeof groups)[number]; row: RankRow; score: number } | null = null;
    for (const g of groups) {
      const row = head(g);
      if (!row) continue;
      const score = currentScore(at, row).score;
      if (!best || score > best.score || (score === best.score && row.id > best.row.id)) best = { g, row, score };
    }
    if (!best) break;
    best.g.buffer.shift();
    rows.push(best.row);
  }
  const last = rows[rows.length - 1];
  const more = rows.length === query.limit && groups.some((g) => head(g) !== null);
  const next =
    more && last
      ? encodeCursor({ k: 'score', t: at.now, score: currentScore(at, last).score, fit: last.fit, rank: last.rank_key, id: last.id })
      : null;
  return { rows: rows.map((r) => s.byId.get(r.id)!), next };
}

function bySeen(
  rc: ReadContext,
  query: ListQuery,
  filter: { kind: FilterKind; v: string | null },
): { rows: LeadRow[]; next: string | null } {
  const cursor = decodeCursor(query.cursor, 'seen');
  const rows = stmts(rc.db).seen[filter.kind].all({
    v: filter.v,
    seen: cursor?.seen ?? BIG,
    id: cursor?.id ?? Number.MAX_SAFE_INTEGER,
    n: query.limit + 1,
  });
  const more = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { rows: page, next: more && last ? encodeCursor({ k: 'seen', seen: last.last_seen_at ?? 0, id: last.id }) : null };
}

/** Search results are few (capped): filtered and sorted in memory, paged by offset. */
function bySearch(
  rc: ReadContext,
  query: ListQuery,
  filter: { kind: FilterKind; v: string | null },
  q: string,
): { rows: LeadRow[]; next: string | null; total: number } {
  const cursor = decodeCursor(query.cursor, 'offset');
  const at: ReadContext = cursor ? { ...rc, now: cursor.t } : rc;
  const byId = stmts(rc.db).byId;
  const matches = searchLeadIds(rc.db, q)
    .map((id) => byId.get(id))
    .filter((row): row is LeadRow => !!row && (filter.kind === 'all' || row[filter.kind] === filter.v));
  const key = (row: LeadRow) => (query.sort === 'score' ? currentScore(at, row).score : (row.last_seen_at ?? 0));
  matches.sort((a, b) => key(b) - key(a) || b.id - a.id);
  const offset = cursor?.offset ?? 0;
  const rows = matches.slice(offset, offset + query.limit);
  const next = offset + query.limit < matches.length ? encodeCursor({ k: 'offset', t: at.now, offset: offset + query.limit }) : null;
  return { rows, next, total: matches.length };
}

export function listLeads(rc: ReadContext, query: ListQuery): ListResult {
  const filter = filterOf(query.stage);
  const q = query.q?.trim();
  if (q) {
    const found = bySearch(rc, query, filter, q);
    return { leads: found.rows.map((r) => toListItem(rc, r)), nextCursor: found.next, total: found.total };
  }
  const page = query.sort === 'score' ? byScore(rc, query, filter) : bySeen(rc, query, filter);
  const total = stmts(rc.db).count[filter.kind].get({ v: filter.v })!.n;
  return { leads: page.rows.map((r) => toListItem(rc, r)), nextCursor: page.next, total };
}
