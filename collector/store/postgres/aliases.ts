import type { Pair } from '../../segment/links.js';
import type { SqlOrTx } from './connect.js';

/**
 * Segment's remembered visitor pairs on PostgreSQL (the SQLite twin: segment/alias-store.ts).
 * Pairs are stored both ways, so either side finds the other with one index seek.
 */
export function createPostgresAliases(sql: SqlOrTx) {
  return {
    /** The email of the lead a visitor points at now, or null. */
    async emailOf(site: string, visitorId: string): Promise<string | null> {
      const [row] = await sql<{ email: string }[]>`
        SELECT l.email FROM visitor_leads v JOIN leads l ON l.id = v.lead_id WHERE v.site = ${site} AND v.visitor_id = ${visitorId}`;
      return row?.email ?? null;
    },
    async neighbours(site: string, visitorId: string): Promise<string[]> {
      const rows = await sql<{ other_id: string }[]>`
        SELECT other_id FROM segment_aliases WHERE site = ${site} AND visitor_id = ${visitorId} ORDER BY other_id LIMIT 100`;
      return rows.map((r) => r.other_id);
    },
    async remember(site: string, pairs: readonly Pair[], at: number): Promise<void> {
      if (!pairs.length) return;
      const from = pairs.flatMap(([a, b]) => [a, b]);
      const to = pairs.flatMap(([a, b]) => [b, a]);
      await sql`INSERT INTO segment_aliases (site, visitor_id, other_id, created_at)
        SELECT ${site}, visitor_id, other_id, ${at} FROM unnest(${from}::text[], ${to}::text[]) AS p (visitor_id, other_id)
        ON CONFLICT DO NOTHING`;
    },
    /** After an erasure: every pair naming a browser without a `visitors` row goes (see the SQLite twin). */
    async forgetErased(): Promise<number> {
      const done = await sql`DELETE FROM segment_aliases a WHERE
        NOT EXISTS (SELECT 1 FROM visitors v WHERE v.site = a.site AND v.id = a.visitor_id)
        OR NOT EXISTS (SELECT 1 FROM visitors v WHERE v.site = a.site AND v.id = a.other_id)`;
      return done.count;
    },
  };
}
export type PostgresAliases = ReturnType<typeof createPostgresAliases>;
