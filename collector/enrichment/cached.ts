import { EnrichmentBudgetError, type CompanyFacts, type EnrichmentProvider, type EnrichmentQuery } from './provider.js';

const DAY_MS = 86_400_000;

/**
 * A provider behind a cache (answers, "unknown" included, kept for `ttlMs`) and a budget of calls per
 * UTC day: a commercial provider bills per call, and the same office network visits all day.
 */
export function cachedProvider(
  inner: EnrichmentProvider,
  options: { ttlMs: number; callsPerDay: number; clock?: () => number; maxEntries?: number },
): EnrichmentProvider & { readonly callsToday: number } {
  const clock = options.clock ?? Date.now;
  const max = options.maxEntries ?? 10_000;
  const cache = new Map<string, { at: number; facts: CompanyFacts | null }>();
  let day = -1;
  let calls = 0;
  return {
    name: inner.name,
    get callsToday() {
      return Math.floor(clock() / DAY_MS) === day ? calls : 0;
    },
    async lookup(query: EnrichmentQuery) {
      const key = 'ip' in query ? `ip:${query.ip}` : `domain:${query.domain.toLowerCase()}`;
      const now = clock();
      const hit = cache.get(key);
      if (hit && now - hit.at < options.ttlMs) return hit.facts;
      const today = Math.floor(now / DAY_MS);
      if (today !== day) ((day = today), (calls = 0));
      if (calls >= options.callsPerDay) throw new EnrichmentBudgetError(`${inner.name}: ${options.callsPerDay} calls today, budget spent`);
      calls++;
      const facts = await inner.lookup(query);
      cache.delete(key);
      cache.set(key, { at: now, facts });
      if (cache.size > max) cache.delete(cache.keys().next().value!);
      return facts;
    },
  };
}
