import type { DB } from '../../db/index.js';
import type { Attempt, Message, MessagePageOptions, NewMessage } from '../port/alerts.js';

/** The message columns under their port names (quoted: PostgreSQL folds unquoted aliases to lower case). */
export const MESSAGE_COLUMNS = `id, endpoint_id AS "endpointId", type, lead_id AS "leadId", body, status, attempts,
  retry_step AS "retryStep", next_attempt_at AS "nextAttemptAt", last_error AS "lastError", created_at AS "createdAt",
  delivered_at AS "deliveredAt"`;

/** The outbox and its attempt log on SQLite: synchronous statements, run inside the caller's transaction. */
export function sqliteMessageRows(db: DB) {
  // A pending message for a disabled endpoint is stored failed, as disabling leaves what it had pending
  // (one writer here, so no disable can run between the outbox's read of the endpoint and this insert;
  // PostgreSQL's store locks the endpoint row for the same result across a fleet).
  const insert =
    db.prepare(`INSERT INTO webhook_messages (id, endpoint_id, type, lead_id, body, status, next_attempt_at, created_at, last_error)
    SELECT @id, e.id, @type, @leadId, @body,
      CASE WHEN e.enabled = 1 OR @status <> 'pending' THEN @status ELSE 'failed' END,
      CASE WHEN e.enabled = 1 OR @status <> 'pending' THEN @nextAttemptAt END,
      @createdAt,
      CASE WHEN e.enabled = 1 OR @status <> 'pending' THEN NULL ELSE COALESCE('endpoint disabled: ' || e.disabled_reason, 'endpoint disabled') END
    FROM webhook_endpoints e WHERE e.id = @endpointId`);
  const byId = db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM webhook_messages WHERE id = ?`);
  // Only messages of enabled endpoints are due: disabling an endpoint fails its pending messages.
  // One writer: no other transaction can claim between the SELECT and the UPDATE.
  const claim = db.prepare(`UPDATE webhook_messages SET next_attempt_at = @leaseUntil WHERE id IN (
      SELECT m.id FROM webhook_messages m JOIN webhook_endpoints e ON e.id = m.endpoint_id
      WHERE m.status = 'pending' AND m.next_attempt_at <= @now AND e.enabled = 1 ORDER BY m.next_attempt_at, m.id LIMIT @limit)
    RETURNING id`);
  const release = db.prepare("UPDATE webhook_messages SET next_attempt_at = ? WHERE id = ? AND status = 'pending'");
  const nextDueAfter = db.prepare(`SELECT MIN(m.next_attempt_at) AS at FROM webhook_messages m
    JOIN webhook_endpoints e ON e.id = m.endpoint_id WHERE m.status = 'pending' AND m.next_attempt_at > ? AND e.enabled = 1`);
  const page = db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM webhook_messages
    WHERE endpoint_id = @endpointId AND (@status IS NULL OR status = @status)
      AND (@beforeAt IS NULL OR created_at < @beforeAt OR (created_at = @beforeAt AND id < @beforeId))
    ORDER BY created_at DESC, id DESC LIMIT @limit`);
  const delivered = db.prepare(`UPDATE webhook_messages SET status = 'delivered', attempts = attempts + 1, retry_step = retry_step + 1,
    next_attempt_at = NULL, last_error = NULL, delivered_at = @now WHERE id = @id`);
  const retry = db.prepare(`UPDATE webhook_messages SET attempts = attempts + 1, retry_step = retry_step + 1, next_attempt_at = @nextAt,
    last_error = @error WHERE id = @id AND status = 'pending'`);
  const failed = db.prepare(`UPDATE webhook_messages SET status = 'failed', attempts = attempts + 1, retry_step = retry_step + 1,
    next_attempt_at = NULL, last_error = @error WHERE id = @id`);
  const failPending = db.prepare(`UPDATE webhook_messages SET status = 'failed', next_attempt_at = NULL, last_error = ?
    WHERE endpoint_id = ? AND status = 'pending'`);
  const failPendingOfLead = db.prepare(`UPDATE webhook_messages SET status = 'failed', next_attempt_at = NULL, last_error = ?
    WHERE lead_id = ? AND status = 'pending'`);
  const requeue = db.prepare(`UPDATE webhook_messages SET status = 'pending', retry_step = 0, next_attempt_at = ?
    WHERE id = ? AND status <> 'pending'`);
  const deleteForLead = db.prepare('DELETE FROM webhook_messages WHERE lead_id = ?');
  const remove = db.prepare('DELETE FROM webhook_messages WHERE id = ?');
  const insertAttempt = db.prepare(`INSERT INTO webhook_attempts (message_id, at, status, latency_ms, error)
    VALUES (@messageId, @at, @status, @latencyMs, @error)`);
  const attempts = db.prepare('SELECT at, status, latency_ms AS "latencyMs", error FROM webhook_attempts WHERE message_id = ? ORDER BY id');

  return {
    insert: (message: NewMessage) => void insert.run(message),
    get: (id: string) => (byId.get(id) as Message | undefined) ?? null,
    claimDue: (now: number, limit: number, leaseMs: number) =>
      (claim.all({ now, limit, leaseUntil: now + leaseMs }) as { id: string }[]).map((r) => r.id),
    release: (id: string, at: number) => void release.run(at, id),
    nextDueAfter: (now: number) => (nextDueAfter.get(now) as { at: number | null }).at,
    page(endpointId: number, options: MessagePageOptions): Message[] {
      const { status = null, before = null, limit } = options;
      return page.all({ endpointId, status, beforeAt: before?.at ?? null, beforeId: before?.id ?? null, limit }) as Message[];
    },
    markDelivered: (id: string, now: number) => void delivered.run({ id, now }),
    markRetry: (id: string, nextAt: number, error: string | null) => void retry.run({ id, nextAt, error }),
    markFailed: (id: string, error: string | null) => void failed.run({ id, error }),
    failPending: (endpointId: number, reason: string) => failPending.run(reason, endpointId).changes,
    failPendingOfLead: (leadId: number, reason: string) => failPendingOfLead.run(reason, leadId).changes,
    requeue: (id: string, now: number) => requeue.run(now, id).changes > 0,
    deleteForLead: (leadId: number) => deleteForLead.run(leadId).changes,
    remove: (id: string) => void remove.run(id),
    logAttempt: (messageId: string, attempt: Attempt) => void insertAttempt.run({ messageId, ...attempt }),
    attempts: (messageId: string) => attempts.all(messageId) as Attempt[],
  };
}
