import type { EndpointStore } from '../port/alerts.js';
import { toEndpoint, type EndpointRow } from '../sqlite/alerts-endpoints.js';
import type { SqlOrTx } from './connect.js';

/** `webhook_endpoints` on PostgreSQL (`enabled` is a boolean there). */
export function createPostgresEndpoints(sql: SqlOrTx): EndpointStore {
  const one = (rows: EndpointRow[]) => (rows[0] ? toEndpoint(rows[0]) : null);
  return {
    list: async () => (await sql<EndpointRow[]>`SELECT * FROM webhook_endpoints WHERE user_id IS NULL ORDER BY id`).map(toEndpoint),
    listEnabled: async () =>
      (await sql<EndpointRow[]>`SELECT * FROM webhook_endpoints WHERE enabled AND user_id IS NULL ORDER BY id`).map(toEndpoint),
    listOfUser: async (userId) =>
      (await sql<EndpointRow[]>`SELECT * FROM webhook_endpoints WHERE user_id = ${userId} ORDER BY id`).map(toEndpoint),
    get: async (id) => one(await sql<EndpointRow[]>`SELECT * FROM webhook_endpoints WHERE id = ${id}`),
    getConfigByUrl: async (url) => one(await sql<EndpointRow[]>`SELECT * FROM webhook_endpoints WHERE source = 'config' AND url = ${url}`),
    async insert(e, now) {
      const [row] = await sql<
        { id: number }[]
      >`INSERT INTO webhook_endpoints (url, secret, format, events, enabled, source, created_at, updated_at, user_id)
        VALUES (${e.url}, ${e.secret}, ${e.format}, ${JSON.stringify(e.events)}, true, ${e.source}, ${now}, ${now}, ${e.userId ?? null})
        RETURNING id`;
      return row!.id;
    },
    async update(id, f, now) {
      await sql`UPDATE webhook_endpoints SET url = ${f.url}, secret = ${f.secret}, format = ${f.format},
        events = ${JSON.stringify(f.events)}, updated_at = ${now} WHERE id = ${id}`;
    },
    async setEnabled(id, on, reason, now) {
      await sql`UPDATE webhook_endpoints SET enabled = ${on}, disabled_reason = ${on ? null : reason},
        failing_since = CASE WHEN ${on}::boolean THEN NULL ELSE failing_since END, updated_at = ${now} WHERE id = ${id}`;
    },
    async setFailingSince(id, since) {
      await sql`UPDATE webhook_endpoints SET failing_since = ${since} WHERE id = ${id}`;
    },
    remove: async (id) => (await sql`DELETE FROM webhook_endpoints WHERE id = ${id}`).count > 0,
  };
}
