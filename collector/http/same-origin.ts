import type { Context, MiddlewareHandler } from 'hono';
import { forbidden, unsupportedMediaType } from '../errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const JSON_TYPE = /^application\/json\s*(;|$)/i;

export interface SameOriginOptions {
  /** The dashboard's public origin (`KINDLING_PUBLIC_URL`): behind a TLS proxy the request URL says http. */
  publicUrl: string;
  /** True when the request proved itself otherwise (a Bearer token, which no page can add for another origin). */
  exempt?: (c: Context) => boolean;
  /** Name of the session cookie: a write that carries it must prove it comes from our own pages. */
  sessionCookie: string;
}

/** Same origin = the request URL's own origin, or the configured public one. */
function sameOrigin(origin: string, c: Context, publicOrigin: string | null): boolean {
  return origin === publicOrigin || origin === new URL(c.req.url).origin;
}

function carriesSession(c: Context, cookie: string): boolean {
  return (c.req.header('cookie') ?? '').split(';').some((pair) => pair.trim().startsWith(`${cookie}=`));
}

/**
 * CSRF defence for writes a browser could be made to send with the session cookie. `SameSite=Strict`
 * does not stop a sibling subdomain or another port of the same host (same site, other origin),
 * so a write that carries the session cookie must be `application/json` (which a page of another
 * origin cannot send without a CORS preflight we never grant) and come from this origin:
 * `Sec-Fetch-Site: same-origin` when the browser sends it, and an `Origin` equal to ours; with
 * neither header it is refused (browsers send `Origin` on every POST, PATCH and DELETE). Writes
 * without the cookie (a Bearer token, a sign-in) carry no ambient credential and are not checked.
 * Hono's `csrf()` checks only form-like content types, so with JSON required it would check nothing.
 */
export function sameOriginWrites(options: SameOriginOptions): MiddlewareHandler {
  const publicOrigin = URL.canParse(options.publicUrl) ? new URL(options.publicUrl).origin : null;
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method) || !carriesSession(c, options.sessionCookie) || options.exempt?.(c)) return next();
    if (!JSON_TYPE.test(c.req.header('content-type') ?? '')) throw unsupportedMediaType('send Content-Type: application/json');
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    if (site !== undefined && site !== 'same-origin') throw forbidden(`cross-origin request refused (Sec-Fetch-Site: ${site})`);
    if (origin === undefined) throw forbidden('a signed-in browser must send Origin');
    if (!sameOrigin(origin, c, publicOrigin)) throw forbidden(`cross-origin request refused (Origin: ${origin})`);
    return next();
  };
}
