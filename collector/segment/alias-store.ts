import type { AliasesTx } from '../store/port/engine.js';
import type { DomainHandler } from '../writer/index.js';
import type { LinkLookup } from './links.js';

/**
 * The database side of links.ts, through the storage port (`tx.aliases`): remembered pairs
 * (`segment_aliases`, ours) and which lead's email a visitor points at now (the engine's tables,
 * read only). Lookups run in the same writer transaction that remembers new pairs, so two requests
 * naming the same ids see each other's pairs.
 */
export function aliasLookup(aliases: AliasesTx, site: string): LinkLookup {
  return {
    emailOf: (visitorId) => aliases.emailOf(site, visitorId),
    neighbours: (visitorId) => aliases.neighbours(site, visitorId),
  };
}

/**
 * The writer handler (kindling.ts registers it): a `lead.erased` takes the person's pairs with it.
 * The engine has deleted the person's browsers (their `visitors` rows), so every pair naming a
 * browser without a row goes. That includes pairs of which one side has sent nothing yet — a link
 * they would have made later is lost, a price paid for forgetting the erased person completely.
 */
export const aliasErasureHandler: DomainHandler = async (tx, event) => {
  if (event.type === 'lead.erased') await tx.aliases.forgetErased();
};
