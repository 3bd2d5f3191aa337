import type { AccountsConfig } from './config.js';
import { openNetworkLookup, type NetworkLookup } from './lookup.js';
import { BUILT_ASN_DATABASE, COUNTRY_DATABASE } from './paths.js';

export type { NetworkFacts, NetworkLookup } from './lookup.js';

/** Databases open once per process (they are read-only): collectors in one test process share them. */
const opened = new Map<string, NetworkLookup>();

/** The network lookup the configuration asks for, or null when the reveal is off. */
export function networkLookupFor(config: AccountsConfig, log: (msg: string) => void): NetworkLookup | null {
  if (!config.reveal) return null;
  const paths = { asn: config.asnDatabase ?? BUILT_ASN_DATABASE, country: config.countryDatabase ?? COUNTRY_DATABASE };
  const key = `${paths.asn}\n${paths.country}`;
  let lookup = opened.get(key);
  if (!lookup) opened.set(key, (lookup = openNetworkLookup(paths, log)));
  return lookup;
}
