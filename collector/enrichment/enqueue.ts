import type { StoredEvent } from '../events/types.js';
import type { Projection, TxContext } from '../writer/index.js';
import { accountOf, type PersonCompany } from '../accounts/membership.js';
import type { EnrichmentQuery } from './provider.js';

const DAY_MS = 86_400_000;

export interface EnqueueSettings {
  cacheDays: number;
  /** Look networks up by the stored (anonymized) address; off: domains only. */
  byAddress: boolean;
}

/**
 * What to ask about an event's account: its domain (a person with a company email), or the
 * network's address as stored. The address is the one `privacy.storeIp` kept (anonymized, or none:
 * then nothing is asked), and only for an event that was revealed — the site reveals, and the
 * browser sent neither DNT nor GPC (ingest sets `network` only then) — from a business network.
 */
export function lookupFor(
  event: Pick<StoredEvent, 'props' | 'ip'>,
  person: PersonCompany | null,
  byAddress: boolean,
): { subject: string; query: EnrichmentQuery } | null {
  const account = accountOf(event, person);
  if (!account) return null;
  if (account.kind === 'domain') return { subject: account.key, query: { domain: account.domain! } };
  return byAddress && event.ip ? { subject: account.key, query: { ip: event.ip } } : null;
}

/**
 * The writer projection that queues lookups in the events' own transaction: no provider is called
 * on the hot path, and a lookup is queued exactly when its events commit. Each account is queued at
 * most once per batch; the store skips one already queued or answered within `cacheDays`.
 */
export function enrichmentProjection(settings: EnqueueSettings): Projection {
  return {
    name: 'enrichment',
    async apply(ctx: TxContext, events) {
      const people = new Map<number, PersonCompany | null>();
      const asked = new Set<string>();
      const freshSince = ctx.now - settings.cacheDays * DAY_MS;
      for (const event of events) {
        let person: PersonCompany | null = null;
        if (event.leadId) {
          if (!people.has(event.leadId)) {
            const row = await ctx.leads.byId(event.leadId);
            people.set(event.leadId, row ? { domain: row.company_domain, name: row.company } : null);
          }
          person = people.get(event.leadId)!;
        }
        const lookup = lookupFor(event, person, settings.byAddress);
        if (!lookup || asked.has(lookup.subject)) continue;
        asked.add(lookup.subject);
        await ctx.enrichment.enqueue(lookup.subject, lookup.query, ctx.now, freshSince);
      }
    },
  };
}
