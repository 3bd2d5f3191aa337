/**
 * Allowed-origin patterns from the site config: exact `https://host[:port]`, any port with
 * `http://host:*`, any subdomain with `https://*.host`.
 */
export type OriginMatcher = (origin: string) => boolean;

export function createOriginMatcher(patterns: readonly string[]): OriginMatcher {
  const regexps = patterns.map((p) => {
    const m = p.toLowerCase().match(/^(https?):\/\/(\*\.)?([a-z0-9.-]+)(?::(\d+|\*))?$/)!;
    const [, scheme, wildcardSub, host, port] = m;
    const hostRe = (wildcardSub ? '(?:[a-z0-9-]+\\.)+' : '') + host!.replace(/\./g, '\\.');
    const portRe = port === '*' ? '(?::\\d{1,5})?' : port ? `:${port}` : '';
    return new RegExp(`^${scheme}://${hostRe}${portRe}$`);
  });
  return (origin) => {
    const o = origin.toLowerCase();
    return regexps.some((re) => re.test(o));
  };
}

/** The Origin header, or the origin of the Referer when a browser sent no Origin. */
export function requestOrigin(origin: string | undefined, referer: string | undefined): string | null {
  if (origin && origin !== 'null') return origin;
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return null;
  }
}
