import { isIPv4, isIPv6 } from 'node:net';
import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

/**
 * The client's address: the socket's, or with a trusted proxy the right-most X-Forwarded-For
 * entry (the one our proxy appended; entries to its left are client-supplied and spoofable).
 */
export function clientIp(socketAddress: string | undefined, forwardedFor: string | undefined, trustProxy: boolean): string | null {
  if (trustProxy && forwardedFor) {
    const last = forwardedFor
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .pop();
    if (last && (isIPv4(last) || isIPv6(last))) return last;
  }
  return socketAddress ?? null;
}

export type ClientAddressEnv = { Variables: { clientIp: string | null } };

/** The socket's address; undefined when the request did not come through a Node server (`app.request()` without env). */
function socketAddress(c: Context): string | undefined {
  const env = c.env as { incoming?: unknown; server?: { incoming?: unknown } } | undefined;
  return (env?.server ?? env)?.incoming ? getConnInfo(c).remote.address : undefined;
}

/**
 * Derives the client address once per request, for every route (rate limit, stored IP, sign-in
 * throttle): `c.var.clientIp`, read with `clientAddressOf(c)`.
 */
export function clientAddress(options: { trustProxy: boolean }): MiddlewareHandler<ClientAddressEnv> {
  // Not async: returning next()'s promise spares every request one more promise and await.
  return (c, next) => {
    // The header is read only when a proxy is trusted: a lookup saved on every request otherwise.
    const forwardedFor = options.trustProxy ? c.req.header('x-forwarded-for') : undefined;
    c.set('clientIp', clientIp(socketAddress(c), forwardedFor, options.trustProxy));
    return next();
  };
}

/** The address `clientAddress` derived. Throws when the middleware is not mounted, so no route silently goes without. */
export function clientAddressOf(c: Context): string | null {
  const ip = c.get('clientIp') as string | null | undefined;
  if (ip === undefined) throw new Error('the clientAddress middleware is not mounted in front of this route');
  return ip;
}
