import type { NetworkLookup } from '../network/lookup.js';
import { classifyNetwork } from '../network/kinds.js';
import type { EnrichmentProvider } from './provider.js';

/** The shipped provider: by IP only, the business network's owner from the open data; no industry or size. */
export function offlineProvider(network: NetworkLookup): EnrichmentProvider {
  return {
    name: 'offline',
    async lookup(query) {
      if (!('ip' in query)) return null;
      const n = network.lookup(query.ip);
      if (!n?.org || classifyNetwork(n.asn, n.org) !== 'business') return null;
      return { name: n.org, domain: null, industry: null, size: null, source: 'offline' };
    },
  };
}
