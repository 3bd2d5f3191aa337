import type { Migration } from '../migrations.js';

/**
 * Webhook alerts: endpoints, the transactional outbox (one message per endpoint per crossing,
 * written in the transaction of the stage change), every delivery attempt, and the crossing
 * latches that make an alert fire once per upward crossing. Lead ids are not foreign keys:
 * leads belong to the engine's migration, and erasure deletes these rows explicitly.
 */
export const alertsMigration: Migration = {
  version: 3,
  name: 'alerts: webhook endpoints, outbox, attempts, crossing latches',
  up: `
    CREATE TABLE webhook_endpoints (
      id INTEGER PRIMARY KEY,
      url TEXT NOT NULL,
      secret TEXT NOT NULL,
      format TEXT NOT NULL CHECK (format IN ('json', 'slack')),
      events TEXT NOT NULL, -- JSON array of alert event names
      enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
      disabled_reason TEXT,
      source TEXT NOT NULL CHECK (source IN ('config', 'api')),
      -- start of the current run of failures without a success in between (null when healthy)
      failing_since INTEGER,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE UNIQUE INDEX webhook_endpoints_config_url ON webhook_endpoints (url) WHERE source = 'config';

    -- The outbox. The body is rendered once, so every retry sends the same bytes under the same id.
    CREATE TABLE webhook_messages (
      id TEXT PRIMARY KEY, -- msg_…, the webhook-id header
      endpoint_id INTEGER NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
      type TEXT NOT NULL,
      lead_id INTEGER,
      body TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
      attempts INTEGER NOT NULL DEFAULT 0,
      -- attempts since the message was (re)queued: its position in the retry schedule
      retry_step INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER, -- set while pending
      last_error TEXT,
      created_at INTEGER NOT NULL,
      delivered_at INTEGER
    ) WITHOUT ROWID;
    CREATE INDEX webhook_messages_due ON webhook_messages (next_attempt_at) WHERE status = 'pending';
    CREATE INDEX webhook_messages_endpoint ON webhook_messages (endpoint_id, created_at);
    CREATE INDEX webhook_messages_lead ON webhook_messages (lead_id) WHERE lead_id IS NOT NULL;

    CREATE TABLE webhook_attempts (
      id INTEGER PRIMARY KEY,
      message_id TEXT NOT NULL REFERENCES webhook_messages (id) ON DELETE CASCADE,
      at INTEGER NOT NULL,
      status INTEGER, -- HTTP status, null when there was no answer
      latency_ms INTEGER NOT NULL,
      error TEXT
    );
    CREATE INDEX webhook_attempts_message ON webhook_attempts (message_id, id);

    -- A row = the lead has crossed up into this stage and has not fallen back below it since.
    CREATE TABLE alert_latches (
      lead_id INTEGER NOT NULL,
      stage TEXT NOT NULL,
      crossed_at INTEGER NOT NULL,
      PRIMARY KEY (lead_id, stage)
    ) WITHOUT ROWID;
  `,
};
