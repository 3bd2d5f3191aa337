import { createHash } from 'node:crypto';
import type { SiteConfig } from '../config/index.js';
import { KindlingError } from '../errors.js';

/**
 * Segment's authentication, both of its styles: HTTP Basic with the source's write key as the user
 * name and an empty password (`Authorization: Basic base64("<writeKey>:")`), or `writeKey` at the top
 * of the JSON body, which `@segment/analytics-node` v2 sends. The key names the site. When an
 * Authorization header is sent it alone decides (so a wrong header is never rescued by the body);
 * the body key is read only when there is no header. Keys are looked up by their SHA-256 digest, so
 * the lookup's timing says nothing about a key's characters.
 */
export const segmentUnauthorized = (message: string) =>
  new KindlingError(401, 'unauthorized', message, undefined, { 'WWW-Authenticate': 'Basic realm="kindling", charset="UTF-8"' });

const digest = (key: string) => createHash('sha256').update(key).digest('hex');

/** The user name of a Basic credential; null when the header is absent, another scheme, or malformed. */
export function basicUser(header: string | undefined): string | null {
  const m = header?.match(/^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i);
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  // Segment asks for "key:" but accepts a bare key for backward compatibility; so do we.
  const colon = decoded.indexOf(':');
  const user = colon === -1 ? decoded : decoded.slice(0, colon);
  return user || null;
}

export interface WriteKeys {
  /** The site the Authorization header names; throws a 401 saying what is wrong otherwise. */
  authenticate(authorization: string): SiteConfig;
  /** The site the body's top-level `writeKey` names (for requests without an Authorization header). */
  authenticateBody(body: unknown): SiteConfig;
}

/** Sites without a `writeKey` are absent from the table: every Segment request for them is a 401. */
export function createWriteKeys(sites: readonly SiteConfig[]): WriteKeys {
  const byDigest = new Map<string, SiteConfig>();
  for (const site of sites) if (site.writeKey) byDigest.set(digest(site.writeKey), site);
  const siteOf = (key: string) => {
    const site = byDigest.get(digest(key));
    if (!site) throw segmentUnauthorized('unknown write key');
    return site;
  };
  return {
    authenticate(authorization) {
      const user = basicUser(authorization);
      if (user === null) throw segmentUnauthorized('the Authorization header must use the Basic scheme with the write key as user name');
      return siteOf(user);
    },
    authenticateBody(body) {
      const key = body && typeof body === 'object' && !Array.isArray(body) ? (body as { writeKey?: unknown }).writeKey : undefined;
      if (typeof key !== 'string' || !key) {
        throw segmentUnauthorized(
          'send the write key with HTTP Basic authentication (the key as user name, empty password) or as "writeKey" in the body',
        );
      }
      return siteOf(key);
    },
  };
}
