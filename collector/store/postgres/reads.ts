import type { LeadRow } from '../../engine/projection/store.js';
import type { ApiReads, CompanyRow, CountRow, DurationRow } from '../port/reads.js';
import type { Sql, SqlOrTx } from './connect.js';
import { createPostgresAlertStores } from './alerts.js';
import { postgresSchemaVersion } from './migrate.js';
import { postgresLeadReads, together } from './reads-leads.js';
import { postgresKpiReads } from './reads-kpis.js';
import { postgresPersonReads } from './reads-person.js';
import { createPostgresAccountReads } from './accounts.js';
import { createPostgresEnrichmentReads } from './enrichment.js';
import { createPostgresRoutingReads } from './routing.js';
import { postgresSpendReads } from './spend.js';
import { postgresReviewReads } from './review.js';

/**
 * The API's reads on PostgreSQL, as postgres.js tagged templates (each a prepared statement per
 * connection). Orders on text use the "C" collation: byte order, as SQLite's, whatever the
 * database's locale, so keyset pages and ties come out the same on both stores.
 */
export function createPostgresReads(sql: SqlOrTx): ApiReads {
  const alerts = createPostgresAlertStores(sql);
  return {
    ...postgresLeadReads(sql),
    ...postgresKpiReads(sql),
    ...postgresSpendReads(sql),
    ...postgresReviewReads(sql),
    ...postgresPersonReads(sql),
    ...createPostgresAccountReads(sql),
    ...createPostgresEnrichmentReads(sql),
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
    async visitorEvents(site, visitorId) {
      const [row] = await sql<{ n: number }[]>`SELECT count(*) AS n FROM events WHERE site = ${site} AND visitor_id = ${visitorId}`;
      return row!.n;
    },
    endpoints: () => alerts.endpoints.list(),
    messages: (endpointId, options) => alerts.messages.page(endpointId, options),
    attempts: (messageId) => alerts.messages.attempts(messageId),
    routing: createPostgresRoutingReads(sql),
  };
}
