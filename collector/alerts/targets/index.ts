import { BlockList, isIP, type LookupFunction } from 'node:net';
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';

/**
 * Where a webhook may be sent. A webhook URL is typed in by an admin but fetched by the server,
 * so without a guard it is a way to reach the server's own network (SSRF). We refuse non-http(s)
 * schemes and every address that is not public, both for literal hosts (config time, API time)
 * and for the addresses a name resolves to at send time — the lookup that the socket connects
 * with is the checked one, so a DNS answer cannot change between the check and the connection.
 */

/** `true` allows every non-public address, `'loopback'` only 127/8 and ::1 (demo, tests). */
export type PrivateTargetPolicy = boolean | 'loopback';

export type AddressCategory =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unique-local'
  | 'cgnat'
  | 'multicast'
  | 'reserved';

/** Non-public ranges, as data. IPv4 ranges are also blocked in their IPv4-mapped IPv6 form. */
const RANGES: readonly { category: AddressCategory; v4?: readonly string[]; v6?: readonly string[] }[] = [
  { category: 'unspecified', v4: ['0.0.0.0/8'], v6: ['::/128'] },
  { category: 'loopback', v4: ['127.0.0.0/8'], v6: ['::1/128'] },
  { category: 'private', v4: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] },
  { category: 'link-local', v4: ['169.254.0.0/16'], v6: ['fe80::/10'] },
  { category: 'unique-local', v6: ['fc00::/7', 'fec0::/10'] },
  { category: 'cgnat', v4: ['100.64.0.0/10'] },
  { category: 'multicast', v4: ['224.0.0.0/4'], v6: ['ff00::/8'] },
  // 240/4 and broadcast, IETF protocol assignments, benchmarking; ::/96 is the deprecated IPv4-compatible form.
  { category: 'reserved', v4: ['240.0.0.0/4', '192.0.0.0/24', '198.18.0.0/15'], v6: ['::/96', '100::/64'] },
];

const blockLists: readonly { category: AddressCategory; list: BlockList }[] = RANGES.map(({ category, v4 = [], v6 = [] }) => {
  const list = new BlockList();
  for (const cidr of v4) {
    const [net, bits] = cidr.split('/') as [string, string];
    list.addSubnet(net, Number(bits), 'ipv4');
    list.addSubnet(`::ffff:${net}`, 96 + Number(bits), 'ipv6');
  }
  for (const cidr of v6) {
    const [net, bits] = cidr.split('/') as [string, string];
    list.addSubnet(net, Number(bits), 'ipv6');
  }
  return { category, list };
});

/** The non-public category of an IP address, or null when it is public. */
export function classifyAddress(address: string): AddressCategory | null {
  const family = isIP(address);
  if (!family) throw new TypeError(`not an IP address: ${address}`);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const { category, list } of blockLists) if (list.check(address, type)) return category;
  return null;
}

export function isAllowedCategory(category: AddressCategory | null, policy: PrivateTargetPolicy): boolean {
  return category === null || policy === true || (policy === 'loopback' && category === 'loopback');
}

export class TargetRefusedError extends Error {
  readonly code = 'ETARGETREFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'TargetRefusedError';
  }
}

function assertAddressAllowed(host: string, address: string, policy: PrivateTargetPolicy): void {
  const category = classifyAddress(address);
  if (!isAllowedCategory(category, policy)) {
    const via = host === address ? '' : ` (${host} resolves to ${address})`;
    throw new TargetRefusedError(`refused ${category} address ${address}${via}: set webhooks.allowPrivateTargets to allow it`);
  }
}

const bare = (hostname: string) => hostname.replace(/^\[|\]$/g, '');

/**
 * Checks what can be checked without DNS: scheme, and the host when it is an IP literal or a
 * localhost name. Throws TargetRefusedError; returns the parsed URL.
 */
export function checkTargetUrl(url: string, policy: PrivateTargetPolicy): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TargetRefusedError(`not a valid URL: ${url}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TargetRefusedError(`only http and https targets are allowed, not ${parsed.protocol}`);
  }
  const host = bare(parsed.hostname).toLowerCase();
  if (isIP(host)) assertAddressAllowed(host, host, policy);
  else if (host === 'localhost' || host.endsWith('.localhost')) {
    if (!isAllowedCategory('loopback', policy)) {
      throw new TargetRefusedError(`refused loopback host ${host}: set webhooks.allowPrivateTargets to allow it`);
    }
  }
  return parsed;
}

type AllLookup = (hostname: string, options: LookupAllOptions, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

/**
 * A `lookup` for http.request / net.connect that resolves every address of the name, refuses
 * the connection when ANY of them is not allowed (a name with one public and one private
 * answer must not be a way in), and hands the socket exactly the addresses it checked.
 */
export function guardedLookup(policy: PrivateTargetPolicy, resolveAll: AllLookup = dnsLookup as AllLookup): LookupFunction {
  return (hostname, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : (options.family ?? 0);
    resolveAll(hostname, { all: true, family }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      try {
        if (!addresses.length) throw Object.assign(new Error(`no addresses for ${hostname}`), { code: 'ENOTFOUND' });
        for (const a of addresses) assertAddressAllowed(hostname, a.address, policy);
      } catch (refused) {
        return callback(refused as NodeJS.ErrnoException, '', 0);
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
