import type { DB } from '../../db/index.js';
import type { CompanyFacts } from '../../enrichment/provider.js';
import { asAsync } from '../port/async.js';
import type { ClaimOptions, EnrichmentReads, EnrichmentTx } from '../port/enrichment.js';
import { toClaimed, toFacts, queryColumns, type ClaimedRow, type FactsRow } from '../enrichment-rows.js';

/** The enrichment queue and budget on SQLite (the PostgreSQL twin: postgres/enrichment.ts); one writer, so no locks. */
export function createSqliteEnrichment(db: DB): EnrichmentTx {
  const enqueue = db.prepare(`
    INSERT INTO enrichment (subject, query_kind, query_value, state, attempts, next_at, enqueued_at)
    VALUES (@subject, @kind, @value, 'queued', 0, @now, @now)
    ON CONFLICT (subject) DO UPDATE SET state = 'queued', attempts = 0, next_at = excluded.next_at,
      enqueued_at = excluded.enqueued_at, query_kind = excluded.query_kind, query_value = excluded.query_value, error = NULL
    WHERE enrichment.state <> 'queued' AND enrichment.done_at < @freshSince`);
  const used = db.prepare<[number], number>('SELECT calls FROM enrichment_budget WHERE day = ?').pluck();
  const claim = db.prepare<[number, number, number], ClaimedRow>(`
    UPDATE enrichment SET next_at = ? WHERE subject IN (
      SELECT subject FROM enrichment WHERE state = 'queued' AND next_at <= ? ORDER BY next_at, subject LIMIT ?)
    RETURNING subject, query_kind, query_value, attempts, enqueued_at`);
  const count = db.prepare(`INSERT INTO enrichment_budget (day, calls) VALUES (?, ?)
    ON CONFLICT (day) DO UPDATE SET calls = calls + excluded.calls`);
  const complete = db.prepare(`UPDATE enrichment SET state = 'done', done_at = @now, attempts = 0, error = NULL,
    name = @name, domain = @domain, industry = @industry, size = @size, source = @source WHERE subject = @subject`);
  const rename = db.prepare('UPDATE accounts SET enriched_name = ? WHERE key = ?');
  const retry = db.prepare(`UPDATE enrichment SET attempts = attempts + 1, next_at = ?, error = ? WHERE subject = ? AND state = 'queued'`);
  const fail = db.prepare(`UPDATE enrichment SET state = 'failed', done_at = ?, error = ?, attempts = attempts + 1 WHERE subject = ?`);
  const rows = {
    enqueue: (subject: string, query: Parameters<EnrichmentTx['enqueue']>[1], now: number, freshSince: number) =>
      enqueue.run({ subject, ...queryColumns(query), now, freshSince }).changes > 0,
    claim({ now, limit, leaseMs, day, budget }: ClaimOptions) {
      const allowed = Math.min(limit, budget - (used.get(day) ?? 0));
      if (allowed <= 0) return [];
      const rows = claim.all(now + leaseMs, now, allowed);
      if (rows.length) count.run(day, rows.length);
      return toClaimed(rows);
    },
    complete(subject: string, facts: CompanyFacts | null, now: number) {
      complete.run({ subject, now, name: null, domain: null, industry: null, size: null, source: null, ...facts });
      if (facts?.name) rename.run(facts.name, subject);
    },
    retry: (subject: string, nextAt: number, error: string) => void retry.run(nextAt, error, subject),
    fail: (subject: string, error: string, now: number) => void fail.run(now, error, subject),
  };
  return asAsync(rows);
}

export function createSqliteEnrichmentReads(db: DB): EnrichmentReads {
  const facts = db.prepare<[string], FactsRow>(
    `SELECT name, domain, industry, size, source, done_at FROM enrichment WHERE subject = ? AND state = 'done' AND source IS NOT NULL`,
  );
  const calls = db.prepare<[number], number>('SELECT calls FROM enrichment_budget WHERE day = ?').pluck();
  const rows = {
    companyFacts: (subject: string) => toFacts(facts.get(subject)),
    enrichmentCalls: (day: number) => calls.get(day) ?? 0,
  };
  return asAsync(rows);
}
