import { readFileSync } from 'node:fs';
import { Reader, type Response } from 'mmdb-lib';

/** What Kindling keeps of a client's address: the network's owner and the country, never the address. */
export interface NetworkFacts {
  /** Autonomous system number of the network, when the ASN database knows it. */
  asn: number | null;
  /** The organization that owns the network ("Siemens AG", "Deutsche Telekom AG"). */
  org: string | null;
  /** ISO 3166 country code of the address. */
  country: string | null;
}

/** The record shape of GeoLite2-ASN and of the ASN database `npm run build` makes. */
interface AsnRecord {
  autonomous_system_number?: number;
  autonomous_system_organization?: string;
}
/** The record shape of the `@ip-location-db` country databases (GeoLite2-Country's `country.iso_code` too). */
interface CountryRecord {
  country_code?: string;
  country?: { iso_code?: string };
}

export interface NetworkLookup {
  /** Null when neither database knows the address (private, reserved, unrouted). */
  lookup(ip: string): NetworkFacts | null;
}

/** Reads MMDB files already in memory; either may be missing (then its fields are null). */
export function createNetworkLookup(databases: { asn: Buffer | null; country: Buffer | null }): NetworkLookup {
  const asn = databases.asn ? new Reader<Response>(databases.asn) : null;
  const country = databases.country ? new Reader<Response>(databases.country) : null;
  return {
    lookup(address) {
      // Dual-stack sockets report IPv4 clients as ::ffff:a.b.c.d; the databases index them as IPv4.
      const ip = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
      let a: AsnRecord | null = null;
      let c: CountryRecord | null = null;
      try {
        a = (asn?.get(ip) ?? null) as AsnRecord | null;
        c = (country?.get(ip) ?? null) as CountryRecord | null;
      } catch {
        return null; // not an address mmdb-lib can parse
      }
      const facts: NetworkFacts = {
        asn: a?.autonomous_system_number ?? null,
        org: a?.autonomous_system_organization ?? null,
        country: c?.country_code ?? c?.country?.iso_code ?? null,
      };
      return facts.asn === null && facts.country === null ? null : facts;
    },
  };
}

/** Opens the configured files; a missing file is reported through `log` and leaves its half empty. */
export function openNetworkLookup(paths: { asn: string | null; country: string | null }, log: (msg: string) => void): NetworkLookup {
  const read = (path: string | null, what: string): Buffer | null => {
    if (!path) return null;
    try {
      return readFileSync(path);
    } catch (err) {
      log(
        `kindling: no ${what} database at ${path} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'}); companies from networks are off`,
      );
      return null;
    }
  };
  return createNetworkLookup({ asn: read(paths.asn, 'ASN'), country: read(paths.country, 'country') });
}
