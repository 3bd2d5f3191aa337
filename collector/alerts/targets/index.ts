import { isIP, type LookupFunction } from 'node:net';
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { classifyAddress, isAllowedCategory, type PrivateTargetPolicy } from './addresses.js';

export { classifyAddress, isAllowedCategory, type AddressCategory, type PrivateTargetPolicy } from './addresses.js';

/**
 * Where a webhook may be sent. A webhook URL is typed in by an admin but fetched by the server,
 * so without a guard it is a way to reach the server's own network (SSRF). We refuse non-http(s)
 * schemes and every address that is not public, both for literal hosts (config time, API time)
 * and for the addresses a name resolves to at send time — the lookup that the socket connects
 * with is the checked one, so a DNS answer cannot change between the check and the connection.
 */

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

type AllLookup = (
  hostname: string,
  options: LookupAllOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

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
