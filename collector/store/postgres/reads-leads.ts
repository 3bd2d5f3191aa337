import type postgres from 'postgres';
import type { EventRow } from '../../events/rows.js';
import type { LeadRow } from '../../engine/projection/store.js';
import type { ApiReads, LeadDetailRows, LeadFilter, RankRow } from '../port/reads.js';
import type { Sql, SqlOrTx } from './connect.js';

/**
 * The filter as a fragment ending in AND (constant text per kind, the value a parameter), so each
 * kind is one prepared statement on its own index, as on SQLite.
 */
function where(sql: SqlOrTx, filter: LeadFilter): postgres.PendingQuery<postgres.Row[]> {
  if (filter.kind === 'stage') return sql`stage = ${filter.v} AND`;
  if (filter.kind === 'disposition') return sql`disposition = ${filter.v} AND`;
  return sql``;
}

/** Runs reads that must agree (one response's) in one read-only snapshot; inside a transaction, in it. */
export function together<T>(sql: SqlOrTx, work: (sql: SqlOrTx) => Promise<T>): Promise<T> {
  if ('begin' in sql) return (sql as Sql).begin('isolation level repeatable read read only', work) as Promise<T>;
  return work(sql);
}

/** Keeps the caller's order (a search's, a merge's winners) and leaves out unknown ids. */
function inOrder(ids: readonly number[], rows: readonly LeadRow[]): LeadRow[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * A keyset (key, id) for a bigint column, from a cursor's numbers, which may be any finite value:
 * ours are integers, but (k, id) < (3.5, x) over integers is (k, id) < (4, −∞), and past 2^53 no
 * stored value exists. SQLite compares integers with reals directly; here the key stays bigint so
 * the index is used.
 */
function integerKeyset(key: number, id: number): [number, number] {
  const clamp = (n: number) => Math.min(Number.MAX_SAFE_INTEGER, Math.max(Number.MIN_SAFE_INTEGER, Math.ceil(n)));
  if (!Number.isInteger(key)) return [clamp(key), key > Number.MAX_SAFE_INTEGER ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER];
  return [clamp(key), clamp(id)];
}

type LeadReads = Pick<ApiReads, 'leads' | 'fits' | 'rankGroup' | 'bySeen' | 'countLeads' | 'search' | 'leadDetail'>;

export function postgresLeadReads(sql: SqlOrTx): LeadReads {
  return {
    async leads(ids) {
      if (!ids.length) return [];
      return inOrder(ids, await sql<LeadRow[]>`SELECT * FROM leads WHERE id = ANY(${ids as number[]}::bigint[])`);
    },
    async fits(filter) {
      // A loose index scan (PostgreSQL has no skip scan): one index seek per distinct fit value.
      const rows = await sql<{ fit: number }[]>`
        WITH RECURSIVE f(fit) AS (
          (SELECT fit FROM leads WHERE ${where(sql, filter)} true ORDER BY fit LIMIT 1)
          UNION ALL
          SELECT (SELECT fit FROM leads WHERE ${where(sql, filter)} fit > f.fit ORDER BY fit LIMIT 1) FROM f WHERE f.fit IS NOT NULL
        ) SELECT fit FROM f WHERE fit IS NOT NULL`;
      return rows.map((r) => r.fit);
    },
    async rankGroup(filter, fit, rank, idKey, n) {
      const id = integerKeyset(0, idKey)[1];
      return [
        ...(await sql<RankRow[]>`SELECT id, fit, rank_key FROM leads WHERE ${where(sql, filter)} fit = ${fit}
          AND (rank_key, id) < (${rank}::double precision, ${id}::bigint) ORDER BY rank_key DESC, id DESC LIMIT ${n}`),
      ];
    },
    async bySeen(filter, seenKey, idKey, n) {
      const [seen, id] = integerKeyset(seenKey, idKey);
      return [
        ...(await sql<LeadRow[]>`SELECT * FROM leads WHERE ${where(sql, filter)} (last_seen_at, id) < (${seen}::bigint, ${id}::bigint)
          ORDER BY last_seen_at DESC, id DESC LIMIT ${n}`),
      ];
    },
    async countLeads(filter) {
      const [row] = await sql<{ n: number }[]>`SELECT count(*) AS n FROM leads WHERE ${where(sql, filter)} true`;
      return row!.n;
    },
    async search(q, limit) {
      // The trigram index covers the three columns joined; the per-column test keeps a match from
      // spanning two of them, as SQLite's per-column full-text search does.
      const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const rows = await sql<{ id: number }[]>`SELECT lead_id AS id FROM leads_search
        WHERE (email || ' ' || name || ' ' || company) ILIKE ${like} AND (email ILIKE ${like} OR name ILIKE ${like} OR company ILIKE ${like})
        ORDER BY lead_id LIMIT ${limit}`;
      return rows.map((r) => r.id);
    },
    leadDetail: (id) =>
      together(sql, async (sql) => {
        const [[row], [state], events, traits, browsers, history, notes] = await Promise.all([
          sql<LeadRow[]>`SELECT * FROM leads WHERE id = ${id}`,
          sql<{ model: string }[]>`SELECT model FROM lead_state WHERE lead_id = ${id}`,
          sql<EventRow[]>`SELECT * FROM events WHERE lead_id = ${id} ORDER BY seq`,
          sql<LeadDetailRows['traits']>`SELECT key, value, set_at FROM lead_traits WHERE lead_id = ${id} ORDER BY key COLLATE "C"`,
          sql<
            LeadDetailRows['browsers']
          >`SELECT visitor_id, site, linked_at, evidence_seq FROM identity_links WHERE lead_id = ${id} ORDER BY id`,
          sql<
            LeadDetailRows['history']
          >`SELECT at, kind, from_value, to_value, cause, score FROM lead_history WHERE lead_id = ${id} ORDER BY at, id`,
          sql<LeadDetailRows['notes']>`SELECT at, action, note AS text, actor AS author FROM lead_actions
            WHERE lead_id = ${id} AND note IS NOT NULL ORDER BY at DESC, id DESC`,
        ]);
        if (!row || !state) return null;
        return {
          row,
          model: JSON.parse(state.model) as LeadDetailRows['model'],
          events: [...events],
          traits: [...traits],
          browsers: [...browsers],
          history: [...history],
          notes: [...notes],
        };
      }),
  };
}
