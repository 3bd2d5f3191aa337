import type { Writer } from '../writer/index.js';
import {
  EnrichmentRefusedError,
  EnrichmentUnavailableError,
  type CompanyFacts,
  type EnrichmentProvider,
  type EnrichmentQuery,
} from './provider.js';

const DAY_MS = 86_400_000;

/** Waits before each retry of a lookup the provider could not answer (5xx, 429, timeouts); then it is given up. */
export const RETRY_SCHEDULE_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 12 * 3600_000] as const;
/** A claimed lookup is leased this long: a collector dying mid-call leaves it to another after that. */
export const LEASE_MS = 2 * 60_000;
/** Lookups claimed per transaction. */
const CLAIM_BATCH = 10;

export interface DrainOptions {
  writer: Pick<Writer, 'transact'>;
  provider: EnrichmentProvider;
  dailyBudget: number;
  clock: () => number;
  log?: (msg: string) => void;
}

type Outcome = { facts: CompanyFacts | null } | { retry: string } | { refused: string };

/** One call, its answer sorted by what to do next (errors by type: the adapter decides, see clearbit.ts). */
async function ask(provider: EnrichmentProvider, query: EnrichmentQuery): Promise<Outcome> {
  try {
    return { facts: await provider.lookup(query) };
  } catch (err) {
    if (err instanceof EnrichmentRefusedError) return { refused: err.message };
    if (err instanceof EnrichmentUnavailableError) return { retry: err.message };
    return { retry: `${provider.name}: ${(err as Error).name}` };
  }
}

/**
 * Drains the queue: claims due lookups (a lease, counted against the day's budget, in one
 * transaction), calls the provider outside any transaction, and records each outcome in a
 * transaction of its own: the answer, a retry after the schedule's next wait, or giving up.
 * Returns the calls made. Stops when nothing is due or the day's budget is spent.
 */
export async function drainEnrichment(options: DrainOptions): Promise<number> {
  const { writer, provider, clock } = options;
  let calls = 0;
  for (;;) {
    const now = clock();
    const claim = { now, limit: CLAIM_BATCH, leaseMs: LEASE_MS, day: Math.floor(now / DAY_MS), budget: options.dailyBudget };
    const claimed = await writer.transact((tx) => tx.enrichment.claim(claim));
    if (!claimed.length) return calls;
    for (const item of claimed) {
      calls++;
      const outcome = await ask(provider, item.query);
      await writer.transact((tx) => {
        if ('facts' in outcome) return tx.enrichment.complete(item.subject, outcome.facts, tx.now);
        const wait = RETRY_SCHEDULE_MS[item.attempts];
        if ('retry' in outcome && wait !== undefined) return tx.enrichment.retry(item.subject, tx.now + wait, outcome.retry);
        const reason = 'retry' in outcome ? outcome.retry : outcome.refused;
        options.log?.(`kindling: enrichment of ${item.subject} given up: ${reason}`);
        return tx.enrichment.fail(item.subject, reason, tx.now);
      });
    }
  }
}

/** Drains at start and every `intervalMs`, one round at a time in this process; returns a stop function. */
export function startEnrichment(options: DrainOptions & { intervalMs: number }): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const round = () => {
    if (stopped || running) return; // a long round is not overlapped: the next tick after it starts the next
    running = drainEnrichment(options)
      .catch((err: Error) => options.log?.(`kindling: enrichment round failed: ${err.message}`))
      .finally(() => (running = null));
  };
  round();
  const timer = setInterval(round, options.intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
