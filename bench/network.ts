import { readFileSync } from 'node:fs';
import { BUILT_ASN_DATABASE, COUNTRY_DATABASE } from '../collector/network/paths.js';
import { createNetworkLookup } from '../collector/network/lookup.js';
import { classifyNetwork } from '../collector/network/kinds.js';
import { spread, type Spread } from './stats.js';

export interface NetworkBench {
  asnBytes: number;
  countryBytes: number;
  /** Reading both files and opening the readers, ms. */
  loadMs: Spread;
  /** Heap and buffers the opened databases hold, MiB (heapUsed + external after the first load, minus before). */
  memoryMiB: number;
  /** One lookup (ASN and country) plus classification, µs, over random public IPv4 addresses. */
  lookupUs: Spread;
  lookups: number;
}

/** A public-looking IPv4 address from a seeded generator (sfc-like xorshift), so rounds look up the same ones. */
function addresses(n: number, seed = 0x9e3779b9): string[] {
  let x = seed >>> 0;
  const out: string[] = [];
  while (out.length < n) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const a = (x >>> 24) & 0xff;
    if (a === 0 || a === 10 || a === 127 || a >= 224) continue;
    out.push(`${a}.${(x >>> 16) & 0xff}.${(x >>> 8) & 0xff}.${x & 0xff}`);
  }
  return out;
}

const used = () => {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.external; // external includes array buffers
};

/** The reveal's data: load time, memory, and µs per lookup (npm run bench builds the ASN database first). */
export function benchNetwork(options: { rounds: number; lookups: number }): NetworkBench {
  const before = used();
  const loads: number[] = [];
  let lookup = null as ReturnType<typeof createNetworkLookup> | null;
  let bytes = { asn: 0, country: 0 };
  let memoryMiB = 0;
  for (let r = 0; r < options.rounds; r++) {
    const t = process.hrtime.bigint();
    const asn = readFileSync(BUILT_ASN_DATABASE);
    const country = readFileSync(COUNTRY_DATABASE);
    lookup = createNetworkLookup({ asn, country });
    loads.push(Number(process.hrtime.bigint() - t) / 1e6);
    bytes = { asn: asn.length, country: country.length };
    // One load's worth: later rounds' buffers would add up until a collection.
    if (r === 0) memoryMiB = (used() - before) / 2 ** 20;
  }
  const ips = addresses(options.lookups);
  const per: number[] = [];
  let found = 0;
  for (let r = 0; r < options.rounds; r++) {
    const t = process.hrtime.bigint();
    for (const ip of ips) {
      const n = lookup!.lookup(ip);
      if (n) found += classifyNetwork(n.asn, n.org).length;
    }
    per.push(Number(process.hrtime.bigint() - t) / 1e3 / ips.length);
  }
  if (!found) throw new Error('no address was found in the network databases');
  return { asnBytes: bytes.asn, countryBytes: bytes.country, loadMs: spread(loads), memoryMiB, lookupUs: spread(per), lookups: ips.length };
}
