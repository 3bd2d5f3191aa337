import type { AlertEvent } from '../../alerts/events.js';
import type { WebhookFormat } from '../../alerts/config.js';
import type { Attempt, Endpoint, EndpointSource, Message } from '../../alerts/store/index.js';
import type { LeadRow } from '../../engine/projection/store.js';
import type { ApiReads, CompanyRow, CountRow, DurationRow } from '../port/reads.js';
import type { Sql, SqlOrTx } from './connect.js';
import { postgresSchemaVersion } from './migrate.js';
import { postgresLeadReads, together } from './reads-leads.js';

interface EndpointRow extends Omit<Endpoint, 'events' | 'disabledReason' | 'failingSince' | 'createdAt' | 'updatedAt'> {
  events: string;
  disabled_reason: string | null;
  failing_since: number | null;
  created_at: number;
  updated_at: number;
  format: WebhookFormat;
  source: EndpointSource;
}

/**
 * The API's reads on PostgreSQL, as postgres.js tagged templates (each a prepared statement per
 * connection). Orders on text use the "C" collation: byte order, as SQLite's, whatever the
 * database's locale, so keyset pages and ties come out the same on both stores.
 */
export function createPostgresReads(sql: SqlOrTx): ApiReads {
  return {
    ...postgresLeadReads(sql),
    async ping() {
      await sql`SELECT 1`;
    },
    schemaVersion: () => postgresSchemaVersion(sql as Sql),
    async rankEpoch() {
      const [row] = await sql<{ value: string }[]>`SELECT value FROM settings WHERE key = 'engine.rank_epoch_ms'`;
      return row ? Number(row.value) : null;
    },
    async companies(d, n, offset) {
      return [
        ...(await sql<CompanyRow[]>`SELECT * FROM companies ORDER BY sum_fit + sum_rank * ${d}::double precision DESC, domain COLLATE "C"
          LIMIT ${n} OFFSET ${offset}`),
      ];
    },
    async company(domain) {
      const [row] = await sql<CompanyRow[]>`SELECT * FROM companies WHERE domain = ${domain}`;
      return row ?? null;
    },
    async companyPeople(domain, d, n) {
      return [
        ...(await sql<LeadRow[]>`SELECT * FROM leads WHERE company_domain = ${domain}
          ORDER BY fit + rank_key * ${d}::double precision DESC, id LIMIT ${n}`),
      ];
    },
    funnel: () =>
      together(sql, async (sql) => {
        const [counts, durations, [visitors], [linked]] = await Promise.all([
          sql<CountRow[]>`SELECT source, campaign, stage, disposition, count(*) AS n,
              count(*) FILTER (WHERE first_mql_at IS NOT NULL) AS mql,
              count(*) FILTER (WHERE first_mql_at IS NOT NULL AND first_sql_at IS NOT NULL) AS mql_sql,
              count(*) FILTER (WHERE first_sql_at IS NOT NULL) AS sql,
              count(*) FILTER (WHERE first_sql_at IS NOT NULL AND disposition = 'won') AS won
            FROM leads GROUP BY source, campaign, stage, disposition
            ORDER BY source COLLATE "C", campaign COLLATE "C" NULLS FIRST, stage COLLATE "C", disposition COLLATE "C" NULLS FIRST`,
          sql`SELECT source, campaign, first_mql_at - created_at, first_sql_at - first_mql_at FROM leads WHERE first_mql_at IS NOT NULL`.values(),
          sql<{ n: number }[]>`SELECT count(*) AS n FROM visitors`,
          sql<{ n: number }[]>`SELECT count(*) AS n FROM visitor_leads`,
        ]);
        return { counts: [...counts], durations: durations as unknown as DurationRow[], visitors: visitors!.n, linked: linked!.n };
      }),
    async endpoints() {
      const rows = await sql<EndpointRow[]>`SELECT * FROM webhook_endpoints ORDER BY id`;
      return rows.map((r) => ({
        id: r.id,
        url: r.url,
        secret: r.secret,
        format: r.format,
        events: JSON.parse(r.events) as AlertEvent[],
        enabled: r.enabled,
        disabledReason: r.disabled_reason,
        source: r.source,
        failingSince: r.failing_since,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      }));
    },
    async messages(endpointId, { status = null, before = null, limit }) {
      const after = before ? sql`AND (created_at, id COLLATE "C") < (${before.at}::bigint, ${before.id} COLLATE "C")` : sql``;
      return [
        ...(await sql<Message[]>`SELECT id, endpoint_id AS "endpointId", type, lead_id AS "leadId", body, status, attempts,
            retry_step AS "retryStep", next_attempt_at AS "nextAttemptAt", last_error AS "lastError", created_at AS "createdAt",
            delivered_at AS "deliveredAt"
          FROM webhook_messages WHERE endpoint_id = ${endpointId} ${status ? sql`AND status = ${status}` : sql``} ${after}
          ORDER BY created_at DESC, id COLLATE "C" DESC LIMIT ${limit}`),
      ];
    },
    async attempts(messageId) {
      return [
        ...(await sql<Attempt[]>`SELECT at, status, latency_ms AS "latencyMs", error FROM webhook_attempts
          WHERE message_id = ${messageId} ORDER BY id`),
      ];
    },
  };
}
