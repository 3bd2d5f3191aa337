import { BlockList, isIP } from 'node:net';

/**
 * Which IP addresses are public, as data. IPv4 ranges are also blocked in their IPv4-mapped IPv6
 * form (`::ffff:10.0.0.1`). IPv6 has more ways to carry an IPv4 address, and a gateway or relay
 * may turn one back into an IPv4 connection inside someone's network: the translation and tunnel
 * prefixes are refused whole, and an address whose interface identifier embeds an IPv4 address
 * (ISATAP) is judged by that address.
 */

export type AddressCategory =
  'unspecified' | 'loopback' | 'private' | 'link-local' | 'unique-local' | 'cgnat' | 'multicast' | 'reserved' | 'ipv4-translation';

const RANGES: readonly { category: AddressCategory; v4?: readonly string[]; v6?: readonly string[] }[] = [
  { category: 'unspecified', v4: ['0.0.0.0/8'], v6: ['::/128'] },
  { category: 'loopback', v4: ['127.0.0.0/8'], v6: ['::1/128'] },
  { category: 'private', v4: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] },
  { category: 'link-local', v4: ['169.254.0.0/16'], v6: ['fe80::/10'] },
  { category: 'unique-local', v6: ['fc00::/7', 'fec0::/10'] },
  { category: 'cgnat', v4: ['100.64.0.0/10'] },
  { category: 'multicast', v4: ['224.0.0.0/4'], v6: ['ff00::/8'] },
  // 240/4 and broadcast, IETF protocol assignments, benchmarking; ::/96 is the deprecated IPv4-compatible
  // form; 100::/64 discard-only; 2001:db8::/32 documentation; 2001:2::/48 benchmarking; 2001:10::/28 ORCHID.
  {
    category: 'reserved',
    v4: ['240.0.0.0/4', '192.0.0.0/24', '198.18.0.0/15'],
    v6: ['::/96', '100::/64', '2001:db8::/32', '2001:2::/48', '2001:10::/28'],
  },
  // NAT64 well-known and local-use prefixes, SIIT's IPv4-translated form, 6to4, Teredo: each reaches an
  // IPv4 address through a translator or relay, which may sit inside the network we must not reach.
  { category: 'ipv4-translation', v6: ['64:ff9b::/96', '64:ff9b:1::/48', '::ffff:0:0:0/96', '2002::/16', '2001::/32'] },
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

/** The eight 16-bit groups of an IPv6 address (a trailing dotted quad included). */
function ipv6Groups(address: string): number[] {
  let text = address;
  const quad = text.match(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  return tail === undefined ? left : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** ISATAP: an interface identifier `0:5efe:a.b.c.d` (or `200:5efe:…`) carries an IPv4 address. */
function isatapIPv4(groups: readonly number[]): string | null {
  if ((groups[4]! & 0xfdff) !== 0 || groups[5] !== 0x5efe) return null;
  return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
}

function rangeCategory(address: string, type: 'ipv4' | 'ipv6'): AddressCategory | null {
  for (const { category, list } of blockLists) if (list.check(address, type)) return category;
  return null;
}

/** The non-public category of an IP address, or null when it is public. */
export function classifyAddress(address: string): AddressCategory | null {
  const family = isIP(address);
  if (!family) throw new TypeError(`not an IP address: ${address}`);
  if (family === 4) return rangeCategory(address, 'ipv4');
  const category = rangeCategory(address, 'ipv6');
  if (category) return category;
  const embedded = isatapIPv4(ipv6Groups(address.toLowerCase()));
  return embedded ? rangeCategory(embedded, 'ipv4') : null;
}

/** `true` allows every non-public address, `'loopback'` only 127/8 and ::1 (demo, tests). */
export type PrivateTargetPolicy = boolean | 'loopback';

export function isAllowedCategory(category: AddressCategory | null, policy: PrivateTargetPolicy): boolean {
  return category === null || policy === true || (policy === 'loopback' && category === 'loopback');
}
