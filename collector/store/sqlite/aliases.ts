import type { DB } from '../../db/index.js';
import type { AliasesTx } from '../port/engine.js';
import { asAsync } from '../port/async.js';

/** Segment's remembered pairs (`segment_aliases`) and the email a visitor points at now, on SQLite. */
export function createSqliteAliases(db: DB): AliasesTx {
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
  const rows = {
    emailOf: (site: string, visitorId: string) => email.get(site, visitorId)?.email ?? null,
    neighbours: (site: string, visitorId: string) => neighbours.all(site, visitorId).map((r) => r.other_id),
    remember(site: string, pairs: readonly (readonly [string, string])[], at: number): void {
      for (const [a, b] of pairs) {
        insert.run(site, a, b, at);
        insert.run(site, b, a, at);
      }
    },
    forgetErased: () => forgetOrphans.run().changes,
  };
  return asAsync(rows);
}
