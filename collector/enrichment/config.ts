import { z } from 'zod';

/**
 * `enrichment`: company lookups by a provider, off the hot path (issue 16 point 3). Absent: none.
 * `offline` answers from the shipped network data (names only); `clearbit` calls Clearbit's Reveal
 * (by IP) and Company (by domain) APIs. The key is a secret: `KINDLING_ENRICHMENT_KEY`, or a file
 * holding it (`keyFile`, for mounted secrets), never the configuration itself.
 */
export const enrichmentSchema = z
  .strictObject({
    provider: z.enum(['offline', 'clearbit']).default('offline'),
    /** Clearbit's Reveal API base URL (lookups by IP). */
    revealUrl: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .default('https://reveal.clearbit.com'),
    /** Clearbit's Company API base URL (lookups by domain). */
    companyUrl: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .default('https://company.clearbit.com'),
    /** A file whose content (trimmed) is the provider's key; else `KINDLING_ENRICHMENT_KEY`. */
    keyFile: z.string().min(1).max(1000).optional(),
    /** Provider calls per UTC day, counted in the database: every collector sharing it shares the budget. */
    dailyBudget: z.number().int().min(0).max(10_000_000).default(1000),
    /** An answer (or "unknown") is kept this long before the same company is looked up again. */
    cacheDays: z.number().int().min(1).max(365).default(30),
    /** Lookup by the visitor's network address: only when `privacy` keeps addresses and the site reveals. */
    byAddress: z.boolean().default(true),
    /** How often a collector drains the queue. */
    checkEverySeconds: z.number().int().min(1).max(86_400).default(30),
    /** One call's time limit. */
    timeoutMs: z.number().int().min(100).max(60_000).default(5000),
  })
  .optional();

export type EnrichmentConfig = NonNullable<z.infer<typeof enrichmentSchema>>;
