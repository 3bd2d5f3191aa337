import { Hono } from 'hono';
import { schemaVersion, type DB } from '../db/index.js';

/** GET /healthz: the database answers and the schema is migrated. */
export function healthRoutes({ db, log }: { db: DB; log: (msg: string) => void }): Hono {
  return new Hono().get('/healthz', (c) => {
    try {
      db.prepare('SELECT 1').get();
      return c.json({ ok: true, schemaVersion: schemaVersion(db) });
    } catch (err) {
      log(`kindling: health check failed: ${(err as Error).message}`);
      return c.json({ ok: false, error: 'database unavailable' }, 503);
    }
  });
}
