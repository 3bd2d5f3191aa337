import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ensureAsnDatabase } from './build-asn.js';
import { createNetworkLookup } from './lookup.js';
import { classifyNetwork } from './kinds.js';
import { ASN_PACKAGE_DIR, BUILT_ASN_DATABASE, COUNTRY_DATABASE } from './paths.js';

// The real data as shipped in node_modules (the ASN CSV converted as `npm run build` does: slow
// the first time, then reused while up to date), checked on a few ranges that are stable for years.
describe('the shipped open data', () => {
  it('knows well-known networks, their owners, kinds and countries', { timeout: 180_000 }, () => {
    ensureAsnDatabase(ASN_PACKAGE_DIR, BUILT_ASN_DATABASE);
    const lookup = createNetworkLookup({ asn: readFileSync(BUILT_ASN_DATABASE), country: readFileSync(COUNTRY_DATABASE) });
    const at = (ip: string) => {
      const n = lookup.lookup(ip)!;
      return { asn: n.asn, kind: classifyNetwork(n.asn, n.org), country: n.country, org: n.org };
    };
    expect(at('8.8.8.8')).toMatchObject({ asn: 15169, kind: 'hosting', country: 'US' });
    expect(at('2001:4860:4860::8888')).toMatchObject({ asn: 15169, kind: 'hosting' });
    expect(at('1.1.1.1')).toMatchObject({ asn: 13335, kind: 'hosting' });
    expect(at('128.112.0.1')).toMatchObject({ asn: 88, kind: 'education', country: 'US', org: 'Princeton University' });
    expect(at('193.0.6.139')).toMatchObject({ asn: 3333, country: 'NL' });
    expect(lookup.lookup('10.0.0.1')).toBeNull();
  });
});
