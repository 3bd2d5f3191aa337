import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMmdbWriter } from '../../collector/network/mmdb-writer.js';

/**
 * A handful of documentation ranges (RFC 5737 / 3849, never routed) standing for the four kinds of
 * network the reveal must tell apart, written as real MMDB files by the project's writer.
 */
export const FIXTURE_NETWORKS = {
  business: { first: '198.51.100.0', last: '198.51.100.255', asn: 64500, org: 'Siemens AG', country: 'DE', sample: '198.51.100.7' },
  isp: { first: '203.0.113.0', last: '203.0.113.255', asn: 64501, org: 'Example Broadband Telecom', country: 'US', sample: '203.0.113.9' },
  university: { first: '192.0.2.0', last: '192.0.2.255', asn: 64502, org: 'Example State University', country: 'US', sample: '192.0.2.20' },
  cloud: {
    first: '2001:db8::',
    last: '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff',
    asn: 16509,
    org: 'Amazon.com, Inc.',
    country: 'NL',
    sample: '2001:db8::17',
  },
} as const;

export function fixtureDatabases(): { asn: Buffer; country: Buffer } {
  const asn = createMmdbWriter({ databaseType: 'Test-ASN' });
  const country = createMmdbWriter({ databaseType: 'Test-Country' });
  for (const n of Object.values(FIXTURE_NETWORKS)) {
    asn.insertRange(n.first, n.last, { autonomous_system_number: n.asn, autonomous_system_organization: n.org });
    country.insertRange(n.first, n.last, { country_code: n.country });
  }
  return { asn: asn.toBuffer(), country: country.toBuffer() };
}

/** The fixture databases as files, for a collector's `accounts.asnDatabase` / `countryDatabase`. */
export function fixtureDatabaseFiles(): { asnDatabase: string; countryDatabase: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kindling-network-'));
  const { asn, country } = fixtureDatabases();
  const files = { asnDatabase: join(dir, 'asn.mmdb'), countryDatabase: join(dir, 'country.mmdb') };
  writeFileSync(files.asnDatabase, asn);
  writeFileSync(files.countryDatabase, country);
  return files;
}
