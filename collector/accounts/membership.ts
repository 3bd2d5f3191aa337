import type { StoredEvent } from '../events/types.js';
import type { AccountLabel } from '../store/port/accounts.js';
import { classifyNetwork, type NetworkKind } from '../network/kinds.js';
import { companyNameOf } from '../engine/identity/email-domain.js';

/** What the projection knows of an event's person: their company domain (null: free mail, school, none) and its name. */
export interface PersonCompany {
  domain: string | null;
  name: string | null;
}

/** A network's account only when it is a business's own network (network/kinds.ts). */
export function networkAccount(network: StoredEvent['props']['network']): (AccountLabel & { networkKind: NetworkKind }) | null {
  if (!network || network.asn === null || !network.org) return null;
  const networkKind = classifyNetwork(network.asn, network.org);
  if (networkKind !== 'business') return null;
  return {
    key: `n:${network.asn}`,
    kind: 'network',
    name: network.org,
    domain: null,
    asn: network.asn,
    country: network.country,
    networkKind,
  };
}

/**
 * The account an event counts for: the person's company domain when known (the stronger match:
 * "matched by email domain"), else the business network it came from ("network of Siemens AG"),
 * else none. Free-mail and education domains are never accounts (companyDomainOf).
 */
export function accountOf(event: Pick<StoredEvent, 'props'>, person: PersonCompany | null): AccountLabel | null {
  if (person?.domain)
    return {
      key: `d:${person.domain}`,
      kind: 'domain',
      name: person.name ?? companyNameOf(person.domain),
      domain: person.domain,
      asn: null,
      country: event.props.network?.country ?? null,
    };
  const network = networkAccount(event.props.network);
  if (!network) return null;
  const { networkKind: _, ...label } = network;
  return label;
}
