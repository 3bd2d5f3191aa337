import { Hono } from 'hono';
import type { ApiReads } from '../store/port/reads.js';

/** GET /healthz: the database answers and the schema is migrated. */
export function healthRoutes({ reads, log }: { reads: Pick<ApiReads, 'ping' | 'schemaVersion'>; log: (msg: string) => void }): Hono {
  return new Hono().get('/healthz', async (c) => {
    try {
      await reads.ping();
      return c.json({ ok: true, schemaVersion: await reads.schemaVersion() });
    } catch (err) {
      log(`kindling: health check failed: ${(err as Error).message}`);
      return c.json({ ok: false, error: 'database unavailable' }, 503);
    }
  });
}
