import { isIPv4, isIPv6 } from 'node:net';

/** IPv4 keeps its /24, IPv6 its /48; IPv4-mapped IPv6 is treated as IPv4. null for anything else. */
export function anonymizeIp(ip: string | null | undefined): string | null {
  if (!ip) return null;
  const mapped = ip.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i);
  const v4 = mapped ? mapped[1]! : ip;
  if (isIPv4(v4)) return v4.replace(/\.\d+$/, '.0');
  if (isIPv6(ip)) {
    const groups = expandIpv6(ip);
    return groups ? `${groups.slice(0, 3).join(':')}::` : null;
  }
  return null;
}

/** Eight lower-case hextets without leading zeros, or null. */
function expandIpv6(ip: string): string[] | null {
  const [head = '', tail] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? left.length !== 8 : missing < 0) return null;
  const groups = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...right];
  return groups.map((g) => (parseInt(g, 16) || 0).toString(16));
}
