import type { CompanyFacts, EnrichmentQuery } from '../enrichment/provider.js';
import type { ClaimedLookup } from './port/enrichment.js';

/** Row shapes of the enrichment table, shared by both stores (SQL apart, they map rows the same way). */
export interface ClaimedRow {
  subject: string;
  query_kind: 'domain' | 'ip';
  query_value: string;
  attempts: number;
  enqueued_at: number;
}
export interface FactsRow {
  name: string | null;
  domain: string | null;
  industry: string | null;
  size: string | null;
  source: string;
  done_at: number;
}

export const queryColumns = (query: EnrichmentQuery) =>
  'ip' in query ? { kind: 'ip' as const, value: query.ip } : { kind: 'domain' as const, value: query.domain };

/** Claimed rows in queue order (oldest first), whatever order the UPDATE … RETURNING gave them in. */
export const toClaimed = (rows: readonly ClaimedRow[]): ClaimedLookup[] =>
  [...rows]
    .sort((a, b) => a.enqueued_at - b.enqueued_at || (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0))
    .map((r) => ({
      subject: r.subject,
      query: r.query_kind === 'ip' ? { ip: r.query_value } : { domain: r.query_value },
      attempts: r.attempts,
    }));

export const toFacts = (row: FactsRow | undefined): (CompanyFacts & { fetchedAt: number }) | null =>
  row ? { name: row.name, domain: row.domain, industry: row.industry, size: row.size, source: row.source, fetchedAt: row.done_at } : null;
