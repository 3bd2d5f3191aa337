import type { Config } from '../config/index.js';
import type { NetworkLookup } from '../network/index.js';
import type { Writer } from '../writer/index.js';
import { clearbitProvider } from './clearbit.js';
import { startEnrichment } from './drain.js';
import { offlineProvider } from './offline.js';
import type { EnrichmentProvider } from './provider.js';

export { enrichmentProjection } from './enqueue.js';

/** The configured provider; null when enrichment is off, or offline with no network data to answer from. */
export function enrichmentProviderFor(
  config: Pick<Config, 'enrichment' | 'enrichmentKey'>,
  network: NetworkLookup | null,
  fetchImpl?: typeof fetch,
): EnrichmentProvider | null {
  const e = config.enrichment;
  if (!e) return null;
  if (e.provider === 'offline') return network ? offlineProvider(network) : null;
  return clearbitProvider({
    revealUrl: e.revealUrl,
    companyUrl: e.companyUrl,
    key: config.enrichmentKey!,
    timeoutMs: e.timeoutMs,
    fetch: fetchImpl,
  });
}

/** The background drain of the queue with the configured provider and budget; a no-op stop when there is none. */
export function startEnrichmentFor(deps: {
  config: Pick<Config, 'enrichment'>;
  provider: EnrichmentProvider | null;
  writer: Pick<Writer, 'transact'>;
  clock: () => number;
  log: (msg: string) => void;
}): () => Promise<void> {
  const e = deps.config.enrichment;
  if (!e || !deps.provider) return async () => {};
  return startEnrichment({
    writer: deps.writer,
    provider: deps.provider,
    dailyBudget: e.dailyBudget,
    clock: deps.clock,
    log: deps.log,
    intervalMs: e.checkEverySeconds * 1000,
  });
}
