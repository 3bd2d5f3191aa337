import type { DB } from '../../db/index.js';
import type { AlertEvent } from '../../alerts/events.js';
import type { Endpoint, EndpointSource, NewEndpoint } from '../port/alerts.js';

/** A `webhook_endpoints` row as both stores return it (SQLite's `enabled` is 0/1, PostgreSQL's a boolean). */
export interface EndpointRow {
  id: number;
  url: string;
  secret: string;
  format: Endpoint['format'];
  events: string;
  enabled: number | boolean;
  disabled_reason: string | null;
  source: EndpointSource;
  failing_since: number | null;
  created_at: number;
  updated_at: number;
  user_id: number | null;
}

export const toEndpoint = (row: EndpointRow): Endpoint => ({
  id: row.id,
  url: row.url,
  secret: row.secret,
  format: row.format,
  events: JSON.parse(row.events) as AlertEvent[],
  enabled: row.enabled === 1 || row.enabled === true,
  disabledReason: row.disabled_reason,
  source: row.source,
  failingSince: row.failing_since,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  userId: row.user_id,
});

/** `webhook_endpoints` on SQLite: synchronous statements, run inside the caller's transaction. */
export function sqliteEndpointRows(db: DB) {
  const all = db.prepare('SELECT * FROM webhook_endpoints WHERE user_id IS NULL ORDER BY id');
  const enabled = db.prepare('SELECT * FROM webhook_endpoints WHERE enabled = 1 AND user_id IS NULL ORDER BY id');
  const ofUser = db.prepare('SELECT * FROM webhook_endpoints WHERE user_id = ? ORDER BY id');
  const byId = db.prepare('SELECT * FROM webhook_endpoints WHERE id = ?');
  const configByUrl = db.prepare("SELECT * FROM webhook_endpoints WHERE source = 'config' AND url = ?");
  const insert = db.prepare(`INSERT INTO webhook_endpoints (url, secret, format, events, enabled, source, created_at, updated_at, user_id)
    VALUES (@url, @secret, @format, @events, 1, @source, @now, @now, @userId)`);
  const update = db.prepare(`UPDATE webhook_endpoints SET url = @url, secret = @secret, format = @format, events = @events,
    updated_at = @now WHERE id = @id`);
  const setEnabled = db.prepare(`UPDATE webhook_endpoints SET enabled = @enabled, disabled_reason = @reason,
    failing_since = CASE WHEN @enabled = 1 THEN NULL ELSE failing_since END, updated_at = @now WHERE id = @id`);
  const setFailingSince = db.prepare('UPDATE webhook_endpoints SET failing_since = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM webhook_endpoints WHERE id = ?');

  return {
    list: () => (all.all() as EndpointRow[]).map(toEndpoint),
    listEnabled: () => (enabled.all() as EndpointRow[]).map(toEndpoint),
    listOfUser: (userId: number) => (ofUser.all(userId) as EndpointRow[]).map(toEndpoint),
    get(id: number): Endpoint | null {
      const row = byId.get(id) as EndpointRow | undefined;
      return row ? toEndpoint(row) : null;
    },
    getConfigByUrl(url: string): Endpoint | null {
      const row = configByUrl.get(url) as EndpointRow | undefined;
      return row ? toEndpoint(row) : null;
    },
    insert(endpoint: NewEndpoint, now: number): number {
      return Number(
        insert.run({ ...endpoint, events: JSON.stringify(endpoint.events), userId: endpoint.userId ?? null, now }).lastInsertRowid,
      );
    },
    update(id: number, fields: Pick<Endpoint, 'url' | 'secret' | 'format' | 'events'>, now: number): void {
      update.run({ id, ...fields, events: JSON.stringify(fields.events), now });
    },
    setEnabled(id: number, on: boolean, reason: string | null, now: number): void {
      setEnabled.run({ id, enabled: on ? 1 : 0, reason: on ? null : reason, now });
    },
    setFailingSince(id: number, since: number | null): void {
      setFailingSince.run(since, id);
    },
    remove: (id: number) => remove.run(id).changes > 0,
  };
}
