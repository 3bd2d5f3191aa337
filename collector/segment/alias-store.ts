import type { DB } from '../db/index.js';
import type { LinkLookup, Pair } from './links.js';

/**
 * The database side of links.ts: remembered pairs (`segment_aliases`, ours) and which lead's email
 * a visitor points at now (the engine's `visitor_leads` and `leads`; read only). Lookups run
 * before the writer commits, so two requests racing in the same few milliseconds may miss each
 * other's links; the next message that names both ids repairs it.
 */
export function createAliasStore(db: DB) {
  const neighbours = db.prepare<[string, string], { other_id: string }>('SELECT other_id FROM segment_aliases WHERE site = ? AND visitor_id = ? LIMIT 100');
  const email = db.prepare<[string, string], { email: string }>(
    'SELECT l.email FROM visitor_leads v JOIN leads l ON l.id = v.lead_id WHERE v.site = ? AND v.visitor_id = ?',
  );
  const insert = db.prepare('INSERT INTO segment_aliases (site, visitor_id, other_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING');
  const forget = db.prepare('DELETE FROM segment_aliases WHERE site = ? AND (visitor_id = ? OR other_id = ?)');

  return {
    lookup(site: string): LinkLookup {
      return {
        emailOf: (visitorId) => email.get(site, visitorId)?.email ?? null,
        neighbours: (visitorId) => neighbours.all(site, visitorId).map((r) => r.other_id),
      };
    },
    /** Inside a writer transaction. */
    remember(site: string, pairs: readonly Pair[], at: number): void {
      for (const [a, b] of pairs) {
        insert.run(site, a, b, at);
        insert.run(site, b, a, at);
      }
    },
    /** Erasure: a visitor's pairs go with its lead. Inside a writer transaction. */
    forget(site: string, visitorId: string): void {
      forget.run(site, visitorId, visitorId);
    },
  };
}
export type AliasStore = ReturnType<typeof createAliasStore>;
