import type { DB } from '../db/index.js';
import type { DomainHandler } from '../writer/index.js';
import type { LinkLookup, Pair } from './links.js';

/**
 * The database side of links.ts: remembered pairs (`segment_aliases`, ours) and which lead's email
 * a visitor points at now (the engine's `visitor_leads` and `leads`; read only). Lookups run
 * before the writer commits, so two requests racing in the same few milliseconds may miss each
 * other's links; the next message that names both ids repairs it.
 */
export function createAliasStore(db: DB) {
  const neighbours = db.prepare<[string, string], { other_id: string }>(
    'SELECT other_id FROM segment_aliases WHERE site = ? AND visitor_id = ? LIMIT 100',
  );
  const email = db.prepare<[string, string], { email: string }>(
    'SELECT l.email FROM visitor_leads v JOIN leads l ON l.id = v.lead_id WHERE v.site = ? AND v.visitor_id = ?',
  );
  const insert = db.prepare(
    'INSERT INTO segment_aliases (site, visitor_id, other_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const forgetOrphans = db.prepare(`
    DELETE FROM segment_aliases WHERE
      NOT EXISTS (SELECT 1 FROM visitors v WHERE v.site = segment_aliases.site AND v.id = segment_aliases.visitor_id)
      OR NOT EXISTS (SELECT 1 FROM visitors v WHERE v.site = segment_aliases.site AND v.id = segment_aliases.other_id)`);

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
    /**
     * After an erasure: the engine has deleted the person's browsers (their `visitors` rows), so
     * every pair naming a browser without a row goes. That includes pairs of which one side has
     * sent nothing yet — a link they would have made later is lost, a price paid for forgetting
     * the erased person completely. Inside a writer transaction.
     */
    forgetErased(): number {
      return forgetOrphans.run().changes;
    },
  };
}
export type AliasStore = ReturnType<typeof createAliasStore>;

/** The writer handler (kindling.ts registers it): a `lead.erased` takes the person's pairs with it. */
export function aliasErasureHandler(store: AliasStore): DomainHandler {
  return (_ctx, event) => {
    if (event.type === 'lead.erased') store.forgetErased();
  };
}
