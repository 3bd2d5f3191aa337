import { schemaVersion, type DB } from '../../db/index.js';
import { readRankEpoch } from './rank-epoch.js';
import { sqliteEndpointRows } from './alerts-endpoints.js';
import { sqliteMessageRows } from './alerts-messages.js';
import { asAsync } from '../port/async.js';
import type { ApiReads, CompanyRow, CountRow, DurationRow, FunnelRows } from '../port/reads.js';
import type { LeadRow } from '../../engine/projection/store.js';
import { sqliteLeadReads } from './reads-leads.js';
import { sqliteKpiReads } from './reads-kpis.js';
import { sqlitePersonReads } from './reads-person.js';
import { createSqliteAccountReads } from './accounts.js';
import { createSqliteEnrichmentReads } from './enrichment.js';
import { createSqliteRoutingReads } from './routing.js';
import { sqliteSpendReads } from './spend.js';
import { sqliteReviewReads } from './review.js';

function rollupStatements(db: DB) {
  return {
    ping: db.prepare('SELECT 1'),
    // The summed score of a company is Σfit + Σrank_key·d: one expression over the roll-up table.
    companies: db.prepare<{ d: number; n: number; offset: number }, CompanyRow>(
      'SELECT * FROM companies ORDER BY sum_fit + sum_rank * @d DESC, domain LIMIT @n OFFSET @offset',
    ),
    people: db.prepare<{ domain: string; d: number; n: number }, LeadRow>(
      'SELECT * FROM leads WHERE company_domain = @domain ORDER BY fit + rank_key * @d DESC, id LIMIT @n',
    ),
    company: db.prepare<[string], CompanyRow>('SELECT * FROM companies WHERE domain = ?'),
    // Counts aggregated over a covering index; durations only for leads that reached MQL.
    counts: db.prepare<[], CountRow>(
      `SELECT source, campaign, stage, disposition, COUNT(*) AS n, SUM(first_mql_at IS NOT NULL) AS mql,
        SUM(first_mql_at IS NOT NULL AND first_sql_at IS NOT NULL) AS mql_sql, SUM(first_sql_at IS NOT NULL) AS sql,
        SUM(first_sql_at IS NOT NULL AND disposition IS 'won') AS won
      FROM leads GROUP BY source, campaign, stage, disposition`,
    ),
    durations: db
      .prepare('SELECT source, campaign, first_mql_at - created_at, first_sql_at - first_mql_at FROM leads WHERE first_mql_at IS NOT NULL')
      .raw(),
    visitors: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM visitors'),
    linked: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM visitor_leads'),
    visitorEvents: db.prepare<[string, string], { n: number }>('SELECT COUNT(*) AS n FROM events WHERE site = ? AND visitor_id = ?'),
  };
}

/**
 * The API's reads on SQLite: the statements the routes used to prepare, prepared once here. Each
 * call runs at once (better-sqlite3 is synchronous) and a response's reads happen without the
 * event loop turning in between, so they see one state.
 */
export function createSqliteReads(db: DB): ApiReads {
  const s = rollupStatements(db);
  const endpoints = sqliteEndpointRows(db);
  const messages = sqliteMessageRows(db);
  const routing = createSqliteRoutingReads(db);
  return asAsync({
    ...sqliteLeadReads(db),
    ...sqliteKpiReads(db),
    ...sqliteSpendReads(db),
    ...sqliteReviewReads(db),
    ...sqlitePersonReads(db),
    ...createSqliteAccountReads(db),
    ...createSqliteEnrichmentReads(db),
    ping: () => void s.ping.get(),
    schemaVersion: () => schemaVersion(db),
    rankEpoch: () => readRankEpoch(db),
    companies: (decay: number, limit: number, offset: number) => s.companies.all({ d: decay, n: limit, offset }),
    company: (domain: string) => s.company.get(domain) ?? null,
    companyPeople: (domain: string, decay: number, limit: number) => s.people.all({ domain, d: decay, n: limit }),
    funnel: (): FunnelRows => ({
      counts: s.counts.all(),
      durations: s.durations.all() as DurationRow[],
      visitors: s.visitors.get()!.n,
      linked: s.linked.get()!.n,
    }),
    visitorEvents: (site: string, visitorId: string) => s.visitorEvents.get(site, visitorId)!.n,
    endpoints: () => endpoints.list(),
    messages: messages.page,
    attempts: messages.attempts,
    routing,
  });
}
