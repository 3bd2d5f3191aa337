import { describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../db/index.js';
import { healthRoutes } from './index.js';
import { createSqliteReads } from '../store/sqlite/reads.js';

describe('GET /healthz', () => {
  it('reports ok and the schema version while the database answers', async () => {
    const db = openDatabase(':memory:');
    const res = await healthRoutes({ reads: createSqliteReads(db), log: () => {} }).request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, schemaVersion: schemaVersion(db) });
    db.close();
  });

  it('answers 503 when the database is gone', async () => {
    const db = openDatabase(':memory:');
    const reads = createSqliteReads(db);
    db.close();
    const logged: string[] = [];
    const res = await healthRoutes({ reads, log: (m) => logged.push(m) }).request('/healthz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ok: false, error: 'database unavailable' });
    expect(logged[0]).toMatch(/health check failed/);
  });
});
