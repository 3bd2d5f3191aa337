import { DISPOSITIONS } from '../../events/domain.js';
import type { LeadRow } from '../../engine/projection/store.js';
import type { LeadFilter, RankRow } from '../../store/port/reads.js';
import { currentScore, toListItem, type LeadListItem, type ReadContext } from './item.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { searchLeadIds } from './search.js';

export interface ListQuery {
  stage?: string | undefined;
  q?: string | undefined;
  sort: 'score' | 'lastSeen';
  limit: number;
  cursor?: string | undefined;
  /** Only this user's leads ("My leads"). */
  owner?: number | undefined;
  /** Only SQLs past the follow-up deadline. */
  overdue?: boolean | undefined;
}

export interface ListResult {
  leads: LeadListItem[];
  nextCursor: string | null;
  total: number;
}

function filterOf(stage: string | undefined): LeadFilter {
  if (!stage) return { kind: 'all', v: null };
  return (DISPOSITIONS as readonly string[]).includes(stage) ? { kind: 'disposition', v: stage } : { kind: 'stage', v: stage };
}

/** Group reads start small (most groups give the top few rows) and double as a group is consumed. */
const FIRST_PAGE = 4;
const MAX_PAGE = 256;
const BIG = 1e308;

/**
 * Leads by current score. Within one fit value, score order is rank_key order (time-invariant), so
 * each fit group is read off its index in order and the groups are merged: O(groups + limit)
 * index reads, independent of how many leads there are.
 */
async function byScore(rc: ReadContext, query: ListQuery, filter: LeadFilter): Promise<{ rows: LeadRow[]; next: string | null }> {
  const { reads } = rc;
  const cursor = decodeCursor(query.cursor, 'score');
  const at: ReadContext = cursor ? { ...rc, now: cursor.t } : rc;
  const before = (row: RankRow) => {
    if (!cursor) return true;
    const score = currentScore(at, row).score;
    return score < cursor.score || (score === cursor.score && row.id < cursor.id);
  };
  const groups: { fit: number; rank: number; id: number; page: number; buffer: RankRow[]; done: boolean }[] = [];
  for (const fit of await reads.fits(filter)) {
    let rank = BIG;
    let id = Number.MAX_SAFE_INTEGER;
    if (cursor && cursor.fit === fit) ({ rank, id } = cursor);
    else if (cursor) {
      const bound = (cursor.score - fit) / Math.pow(2, (at.epoch - at.now) / at.rules.halfLifeMs);
      rank = bound + Math.abs(bound) * 1e-9 + 1e-300;
    }
    groups.push({ fit, rank, id, page: FIRST_PAGE, buffer: [], done: false });
  }
  const head = async (g: (typeof groups)[number]): Promise<RankRow | null> => {
    while (!g.buffer.length && !g.done) {
      const rows = await reads.rankGroup(filter, g.fit, g.rank, g.id, g.page);
      if (rows.length < g.page) g.done = true;
      g.page = Math.min(MAX_PAGE, g.page * 2);
      const last = rows[rows.length - 1];
      if (last) ({ rank_key: g.rank, id: g.id } = last);
      g.buffer = rows.filter(before);
    }
    return g.buffer[0] ?? null;
  };
  // Every group's first page is read before the merge needs it: on PostgreSQL these pipeline on one round trip.
  await Promise.all(groups.map(head));
  const rows: RankRow[] = [];
  while (rows.length < query.limit) {
    let best: { g: (typeof groups)[number]; row: RankRow; score: number } | null = null;
    for (const g of groups) {
      const row = g.buffer[0] ?? (await head(g));
      if (!row) continue;
      const score = currentScore(at, row).score;
      if (!best || score > best.score || (score === best.score && row.id > best.row.id)) best = { g, row, score };
    }
    if (!best) break;
    best.g.buffer.shift();
    rows.push(best.row);
  }
  const last = rows[rows.length - 1];
  let more = false;
  if (rows.length === query.limit) for (const g of groups) if ((more = (await head(g)) !== null)) break;
  const next =
    more && last
      ? encodeCursor({ k: 'score', t: at.now, score: currentScore(at, last).score, fit: last.fit, rank: last.rank_key, id: last.id })
      : null;
  return { rows: await reads.leads(rows.map((r) => r.id)), next };
}

async function bySeen(rc: ReadContext, query: ListQuery, filter: LeadFilter): Promise<{ rows: LeadRow[]; next: string | null }> {
  const cursor = decodeCursor(query.cursor, 'seen');
  const rows = await rc.reads.bySeen(filter, cursor?.seen ?? BIG, cursor?.id ?? Number.MAX_SAFE_INTEGER, query.limit + 1);
  const more = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { rows: page, next: more && last ? encodeCursor({ k: 'seen', seen: last.last_seen_at ?? 0, id: last.id }) : null };
}

/** At most this many of one owner's (or overdue) leads are ranked: an id set, like a search's. */
export const MAX_SET_LEADS = 5000;

/** The ids the query narrows to (search, owner, overdue: all that are given), or null for every lead. */
async function idSet(rc: ReadContext, query: ListQuery): Promise<number[] | null> {
  const sets: number[][] = [];
  const q = query.q?.trim();
  if (q) sets.push(await searchLeadIds(rc.reads, q));
  if (query.owner !== undefined) sets.push(await rc.reads.routing.ownedLeadIds(query.owner, MAX_SET_LEADS));
  if (query.overdue) sets.push(await rc.reads.routing.overdueLeadIds(rc.now - rc.slaMs, MAX_SET_LEADS));
  if (!sets.length) return null;
  return sets.reduce((a, b) => a.filter((id) => b.includes(id)));
}

/** An id set (search results, an owner's leads) is small (capped): filtered and sorted in memory, paged by offset. */
async function bySet(
  rc: ReadContext,
  query: ListQuery,
  filter: LeadFilter,
  ids: number[],
): Promise<{ rows: LeadRow[]; next: string | null; total: number }> {
  const cursor = decodeCursor(query.cursor, 'offset');
  const at: ReadContext = cursor ? { ...rc, now: cursor.t } : rc;
  const found = await rc.reads.leads(ids);
  const matches = found.filter((row) => filter.kind === 'all' || row[filter.kind] === filter.v);
  const key = (row: LeadRow) => (query.sort === 'score' ? currentScore(at, row).score : (row.last_seen_at ?? 0));
  matches.sort((a, b) => key(b) - key(a) || b.id - a.id);
  const offset = cursor?.offset ?? 0;
  const rows = matches.slice(offset, offset + query.limit);
  const next = offset + query.limit < matches.length ? encodeCursor({ k: 'offset', t: at.now, offset: offset + query.limit }) : null;
  return { rows, next, total: matches.length };
}

/** List items of a page with their owners (one read for the page). */
async function itemsOf(rc: ReadContext, rows: LeadRow[]): Promise<LeadListItem[]> {
  const owners = new Map((await rc.reads.routing.owners(rows.map((r) => r.id))).map((o) => [o.leadId, o.userId]));
  return rows.map((r) => ({ ...toListItem(rc, r), ownerId: owners.get(r.id) ?? null }));
}

export async function listLeads(rc: ReadContext, query: ListQuery): Promise<ListResult> {
  const filter = filterOf(query.stage);
  const ids = await idSet(rc, query);
  if (ids) {
    const found = await bySet(rc, query, filter, ids);
    return { leads: await itemsOf(rc, found.rows), nextCursor: found.next, total: found.total };
  }
  const page = await (query.sort === 'score' ? byScore(rc, query, filter) : bySeen(rc, query, filter));
  const total = await rc.reads.countLeads(filter);
  return { leads: await itemsOf(rc, page.rows), nextCursor: page.next, total };
}
