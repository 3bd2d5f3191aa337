import { EnrichmentRefusedError, EnrichmentUnavailableError, type CompanyFacts, type EnrichmentProvider } from './provider.js';

/**
 * Clearbit's documented shapes: Reveal `GET /v1/companies/find?ip=` (answer `{ ip, domain, fuzzy, type,
 * company: {…} | null, geoIP }`) and the Company API `GET /v2/companies/find?domain=` (the company object
 * itself); both with `Authorization: Bearer <key>`, 404 for unknown, 202 while a lookup is queued.
 */
interface ClearbitCompany {
  name?: string | null;
  domain?: string | null;
  category?: { industry?: string | null } | null;
  metrics?: { employeesRange?: string | null; employees?: number | null } | null;
}

export interface HttpProviderOptions {
  /** Reveal's base URL (https://reveal.clearbit.com) and the Company API's (https://company.clearbit.com). */
  revealUrl: string;
  companyUrl: string;
  key: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const facts = (c: ClearbitCompany): CompanyFacts => ({
  name: c.name ?? null,
  domain: c.domain ?? null,
  industry: c.category?.industry ?? null,
  size: c.metrics?.employeesRange ?? (c.metrics?.employees != null ? String(c.metrics.employees) : null),
  source: 'clearbit',
});

/** What each answer status means, as data; other 5xx: retry, other 4xx: refused (given up). */
const STATUS: Record<number, 'known' | 'unknown' | 'retry' | 'refused'> = {
  200: 'known',
  202: 'retry',
  401: 'refused',
  403: 'refused',
  404: 'unknown',
  422: 'unknown',
  429: 'retry',
};

export function clearbitProvider(options: HttpProviderOptions): EnrichmentProvider {
  const doFetch = options.fetch ?? fetch;
  return {
    name: 'clearbit',
    async lookup(query) {
      const url =
        'ip' in query
          ? `${options.revealUrl}/v1/companies/find?ip=${encodeURIComponent(query.ip)}`
          : `${options.companyUrl}/v2/companies/find?domain=${encodeURIComponent(query.domain)}`;
      let res: Response;
      try {
        res = await doFetch(url, {
          headers: { authorization: `Bearer ${options.key}`, accept: 'application/json' },
          signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
        });
      } catch (err) {
        throw new EnrichmentUnavailableError(`clearbit: ${(err as Error).name}`);
      }
      const meaning = STATUS[res.status] ?? (res.status >= 500 ? 'retry' : res.status >= 400 ? 'refused' : 'unknown');
      if (meaning === 'refused')
        throw new EnrichmentRefusedError(
          res.status === 401 || res.status === 403 ? `clearbit: the key was refused (HTTP ${res.status})` : `clearbit: HTTP ${res.status}`,
        );
      if (meaning === 'retry') throw new EnrichmentUnavailableError(`clearbit: HTTP ${res.status}`);
      if (meaning === 'unknown') return null;
      const body = (await res.json()) as { company?: ClearbitCompany | null } & ClearbitCompany;
      const company = 'ip' in query ? body.company : body;
      return company?.name ? facts(company) : null;
    },
  };
}
