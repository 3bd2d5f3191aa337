import type { DB } from '../../db/index.js';
import type { WebhookFormat } from '../config.js';
import type { AlertEvent } from '../events.js';

export type EndpointSource = 'config' | 'api';

export interface Endpoint {
  id: number;
  url: string;
  secret: string;
  format: WebhookFormat;
  events: AlertEvent[];
  enabled: boolean;
  disabledReason: string | null;
  source: EndpointSource;
  failingSince: number | null;
  createdAt: number;
  updatedAt: number;
}

interface EndpointRow {
  id: number;
  url: string;
  secret: string;
  format: WebhookFormat;
  events: string;
  enabled: number;
  disabled_reason: string | null;
  source: EndpointSource;
  failing_since: number | null;
  created_at: number;
  updated_at: number;
}

const toEndpoint = (row: EndpointRow): Endpoint => ({
  id: row.id,
  url: row.url,
  secret: row.secret,
  format: row.format,
  events: JSON.parse(row.events) as AlertEvent[],
  enabled: row.enabled === 1,
  disabledReason: row.disabled_reason,
  source: row.source,
  failingSince: row.failing_since,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export interface NewEndpoint {
  url: string;
  secret: string;
  format: WebhookFormat;
  events: readonly AlertEvent[];
  source: EndpointSource;
}

/** Prepared statements over `webhook_endpoints`. Callers run writes inside a writer transaction. */
export function createEndpointStore(db: DB) {
  const all = db.prepare('SELECT * FROM webhook_endpoints ORDER BY id');
  const enabled = db.prepare('SELECT * FROM webhook_endpoints WHERE enabled = 1 ORDER BY id');
  const byId = db.prepare('SELECT * FROM webhook_endpoints WHERE id = ?');
  const configByUrl = db.prepare("SELECT * FROM webhook_endpoints WHERE source = 'config' AND url = ?");
  const insert = db.prepare(`INSERT INTO webhook_endpoints (url, secret, format, events, enabled, source, created_at, updated_at)
    VALUES (@url, @secret, @format, @events, 1, @source, @now, @now)`);
  const update = db.prepare(`UPDATE webhook_endpoints SET url = @url, secret = @secret, format = @format, events = @events,
    updated_at = @now WHERE id = @id`);
  const setEnabled = db.prepare(`UPDATE webhook_endpoints SET enabled = @enabled, disabled_reason = @reason,
    failing_since = CASE WHEN @enabled = 1 THEN NULL ELSE failing_since END, updated_at = @now WHERE id = @id`);
  const setFailingSince = db.prepare('UPDATE webhook_endpoints SET failing_since = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM webhook_endpoints WHERE id = ?');

  return {
    list: () => (all.all() as EndpointRow[]).map(toEndpoint),
    listEnabled: () => (enabled.all() as EndpointRow[]).map(toEndpoint),
    get(id: number): Endpoint | null {
      const row = byId.get(id) as EndpointRow | undefined;
      return row ? toEndpoint(row) : null;
    },
    getConfigByUrl(url: string): Endpoint | null {
      const row = configByUrl.get(url) as EndpointRow | undefined;
      return row ? toEndpoint(row) : null;
    },
    insert(endpoint: NewEndpoint, now: number): number {
      return Number(insert.run({ ...endpoint, events: JSON.stringify(endpoint.events), now }).lastInsertRowid);
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
    remove(id: number): boolean {
      return remove.run(id).changes > 0;
    },
  };
}
export type EndpointStore = ReturnType<typeof createEndpointStore>;
