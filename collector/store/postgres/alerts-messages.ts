import type { Attempt, Message, MessageStore } from '../port/alerts.js';
import { MESSAGE_COLUMNS } from '../sqlite/alerts-messages.js';
import type { SqlOrTx } from './connect.js';

/** The outbox and its attempt log on PostgreSQL. */
export function createPostgresMessages(sql: SqlOrTx): MessageStore {
  const columns = sql.unsafe(MESSAGE_COLUMNS);
  return {
    // FOR SHARE on the endpoint: a collector disabling it (UPDATE, then failing what is pending) waits for
    // this transaction, so its failPending sees this message; one that committed first is seen here, and the
    // message is stored failed as failPending would have left it. Without the lock, a message queued while
    // another collector disabled its endpoint stayed pending for good (due lists skip disabled endpoints).
    async insert(m) {
      await sql`INSERT INTO webhook_messages (id, endpoint_id, type, lead_id, body, status, next_attempt_at, created_at, last_error)
        SELECT ${m.id}, e.id, ${m.type}, ${m.leadId}::bigint, ${m.body},
          CASE WHEN e.enabled OR ${m.status}::text <> 'pending' THEN ${m.status}::text ELSE 'failed' END,
          CASE WHEN e.enabled OR ${m.status}::text <> 'pending' THEN ${m.nextAttemptAt}::bigint END,
          ${m.createdAt}::bigint,
          CASE WHEN e.enabled OR ${m.status}::text <> 'pending' THEN NULL ELSE COALESCE('endpoint disabled: ' || e.disabled_reason, 'endpoint disabled') END
        FROM webhook_endpoints e WHERE e.id = ${m.endpointId} FOR SHARE`;
    },
    get: async (id) => (await sql<Message[]>`SELECT ${columns} FROM webhook_messages WHERE id = ${id}`)[0] ?? null,
    // SKIP LOCKED: rows another collector is claiming right now are left to it, not waited for;
    // the lease (next_attempt_at in the future) keeps them off every collector's due list after.
    claimDue: async (now, limit, leaseMs) =>
      (
        await sql<{ id: string }[]>`UPDATE webhook_messages SET next_attempt_at = ${now + leaseMs} WHERE id IN (
          SELECT m.id FROM webhook_messages m JOIN webhook_endpoints e ON e.id = m.endpoint_id
          WHERE m.status = 'pending' AND m.next_attempt_at <= ${now} AND e.enabled
          ORDER BY m.next_attempt_at, m.id LIMIT ${limit} FOR UPDATE OF m SKIP LOCKED)
        RETURNING id`
      ).map((r) => r.id),
    async release(id, at) {
      await sql`UPDATE webhook_messages SET next_attempt_at = ${at} WHERE id = ${id} AND status = 'pending'`;
    },
    async nextDueAfter(now) {
      const [row] = await sql<{ at: number | null }[]>`SELECT MIN(m.next_attempt_at) AS at FROM webhook_messages m
        JOIN webhook_endpoints e ON e.id = m.endpoint_id WHERE m.status = 'pending' AND m.next_attempt_at > ${now} AND e.enabled`;
      return row?.at ?? null;
    },
    async page(endpointId, { status = null, before = null, limit }) {
      // Ids in byte order ("C"), as SQLite compares them, whatever the database's locale.
      const after = before ? sql`AND (created_at, id COLLATE "C") < (${before.at}::bigint, ${before.id} COLLATE "C")` : sql``;
      return [
        ...(await sql<Message[]>`SELECT ${columns} FROM webhook_messages
          WHERE endpoint_id = ${endpointId} ${status ? sql`AND status = ${status}` : sql``} ${after}
          ORDER BY created_at DESC, id COLLATE "C" DESC LIMIT ${limit}`),
      ];
    },
    async markDelivered(id, now) {
      await sql`UPDATE webhook_messages SET status = 'delivered', attempts = attempts + 1, retry_step = retry_step + 1,
        next_attempt_at = NULL, last_error = NULL, delivered_at = ${now} WHERE id = ${id}`;
    },
    async markRetry(id, nextAt, error) {
      await sql`UPDATE webhook_messages SET attempts = attempts + 1, retry_step = retry_step + 1, next_attempt_at = ${nextAt},
        last_error = ${error} WHERE id = ${id} AND status = 'pending'`;
    },
    async markFailed(id, error) {
      await sql`UPDATE webhook_messages SET status = 'failed', attempts = attempts + 1, retry_step = retry_step + 1,
        next_attempt_at = NULL, last_error = ${error} WHERE id = ${id}`;
    },
    failPending: async (endpointId, reason) =>
      (
        await sql`UPDATE webhook_messages SET status = 'failed', next_attempt_at = NULL, last_error = ${reason}
          WHERE endpoint_id = ${endpointId} AND status = 'pending'`
      ).count,
    failPendingOfLead: async (leadId, reason) =>
      (
        await sql`UPDATE webhook_messages SET status = 'failed', next_attempt_at = NULL, last_error = ${reason}
          WHERE lead_id = ${leadId} AND status = 'pending'`
      ).count,
    requeue: async (id, now) =>
      (
        await sql`UPDATE webhook_messages SET status = 'pending', retry_step = 0, next_attempt_at = ${now}
          WHERE id = ${id} AND status <> 'pending'`
      ).count > 0,
    deleteForLead: async (leadId) => (await sql`DELETE FROM webhook_messages WHERE lead_id = ${leadId}`).count,
    async remove(id) {
      await sql`DELETE FROM webhook_messages WHERE id = ${id}`;
    },
    async logAttempt(messageId, a) {
      await sql`INSERT INTO webhook_attempts (message_id, at, status, latency_ms, error)
        VALUES (${messageId}, ${a.at}, ${a.status}, ${a.latencyMs}, ${a.error})`;
    },
    attempts: async (messageId) => [
      ...(await sql<Attempt[]>`SELECT at, status, latency_ms AS "latencyMs", error FROM webhook_attempts
        WHERE message_id = ${messageId} ORDER BY id`),
    ],
  };
}
