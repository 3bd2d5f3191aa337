import type { ClaimOptions, EnrichmentReads, EnrichmentTx } from '../port/enrichment.js';
import type { SqlOrTx } from './connect.js';
import { toClaimed, toFacts, queryColumns, type ClaimedRow, type FactsRow } from '../enrichment-rows.js';

/** The enrichment queue and budget on PostgreSQL (the SQLite twin: sqlite/enrichment.ts). */
export function createPostgresEnrichment(sql: SqlOrTx): EnrichmentTx {
  return {
    async enqueue(subject, query, now, freshSince) {
      const { kind, value } = queryColumns(query);
      const rows = await sql`INSERT INTO enrichment (subject, query_kind, query_value, state, attempts, next_at, enqueued_at)
        VALUES (${subject}, ${kind}, ${value}, 'queued', 0, ${now}, ${now})
        ON CONFLICT (subject) DO UPDATE SET state = 'queued', attempts = 0, next_at = excluded.next_at,
          enqueued_at = excluded.enqueued_at, query_kind = excluded.query_kind, query_value = excluded.query_value, error = NULL
        WHERE enrichment.state <> 'queued' AND enrichment.done_at < ${freshSince}
        RETURNING subject`;
      return rows.length > 0;
    },
    async claim({ now, limit, leaseMs, day, budget }: ClaimOptions) {
      // The day's budget row, locked: collectors claiming at once take turns, so the budget holds across the fleet.
      await sql`INSERT INTO enrichment_budget (day, calls) VALUES (${day}, 0) ON CONFLICT (day) DO NOTHING`;
      const [row] = await sql<{ calls: number }[]>`SELECT calls FROM enrichment_budget WHERE day = ${day} FOR UPDATE`;
      const allowed = Math.min(limit, budget - (row?.calls ?? 0));
      if (allowed <= 0) return [];
      const rows = await sql<ClaimedRow[]>`UPDATE enrichment SET next_at = ${now + leaseMs} WHERE subject IN (
          SELECT subject FROM enrichment WHERE state = 'queued' AND next_at <= ${now}
          ORDER BY next_at, subject COLLATE "C" LIMIT ${allowed} FOR UPDATE SKIP LOCKED)
        RETURNING subject, query_kind, query_value, attempts, enqueued_at`;
      if (rows.length) await sql`UPDATE enrichment_budget SET calls = calls + ${rows.length} WHERE day = ${day}`;
      return toClaimed(rows);
    },
    async complete(subject, facts, now) {
      const f = { name: null, domain: null, industry: null, size: null, source: null, ...facts };
      await sql`UPDATE enrichment SET state = 'done', done_at = ${now}, attempts = 0, error = NULL, name = ${f.name},
        domain = ${f.domain}, industry = ${f.industry}, size = ${f.size}, source = ${f.source} WHERE subject = ${subject}`;
      if (f.name) await sql`UPDATE accounts SET enriched_name = ${f.name} WHERE key = ${subject}`;
    },
    async retry(subject, nextAt, error) {
      await sql`UPDATE enrichment SET attempts = attempts + 1, next_at = ${nextAt}, error = ${error}
        WHERE subject = ${subject} AND state = 'queued'`;
    },
    async fail(subject, error, now) {
      await sql`UPDATE enrichment SET state = 'failed', done_at = ${now}, error = ${error}, attempts = attempts + 1 WHERE subject = ${subject}`;
    },
  };
}

export function createPostgresEnrichmentReads(sql: SqlOrTx): EnrichmentReads {
  return {
    async companyFacts(subject) {
      const [row] = await sql<FactsRow[]>`SELECT name, domain, industry, size, source, done_at FROM enrichment
        WHERE subject = ${subject} AND state = 'done' AND source IS NOT NULL`;
      return toFacts(row);
    },
    async enrichmentCalls(day) {
      const [row] = await sql<{ calls: number }[]>`SELECT calls FROM enrichment_budget WHERE day = ${day}`;
      return row?.calls ?? 0;
    },
  };
}
