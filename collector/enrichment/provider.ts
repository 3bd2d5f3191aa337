/**
 * Pluggable company enrichment (issue 16 point 3): a provider answers, for an IP address or a domain,
 * who the company is. Kindling ships the offline provider (the network's owner from the reveal's open
 * data); commercial providers are HTTP adapters configured by URL and key. Every answer names its
 * source, so traits stored from it say where they came from.
 */
export interface CompanyFacts {
  name: string | null;
  domain: string | null;
  industry: string | null;
  /** Employees as the provider words it ("1K-5K", "51-250"). */
  size: string | null;
  /** Which provider said so ("offline", "clearbit"). */
  source: string;
}

export type EnrichmentQuery = { ip: string } | { domain: string };

export interface EnrichmentProvider {
  readonly name: string;
  /** Null when the provider knows nothing of it; throws when it could not answer (network, 5xx, 429). */
  lookup(query: EnrichmentQuery): Promise<CompanyFacts | null>;
}

/** The provider answered with an error a retry may cure (5xx, 429, a timeout, a refused connection). */
export class EnrichmentUnavailableError extends Error {}
/** The provider refused the request (a bad key, a 4xx other than "unknown"): retrying would not help. */
export class EnrichmentRefusedError extends Error {}
