import { Hono, type Context } from 'hono';
import type { Config } from '../config/index.js';
import type { EventSink } from '../writer/index.js';
import { forbidden, notFound, tooManyRequests, unauthorized, unsupportedMediaType } from '../errors.js';
import { parseJsonBytes } from '../http/body.js';
import { readBody } from '../http/read-body.js';
import { parseInput } from '../http/validate.js';
import { clientAddressOf } from '../http/client-address.js';
import { wireBatchSchema, LIMITS } from './wire.js';
import { createSiteRegistry, type SiteRegistry } from './sites.js';
import { isBotRequest } from './bot.js';
import { anonymizeIp } from './ip.js';
import { parseUserAgent } from './user-agent.js';
import { enrichBatch } from './enrich.js';
import { createRateLimiter } from './rate-limit.js';
import { requestOrigin } from './origins.js';
import type { NetworkFacts, NetworkLookup } from '../network/index.js';
import { memoize } from './memo.js';
import type { KeyCheck } from '../api/auth.js';

/** Accepted and silently dropped look the same, so a bot learns nothing from the answer. */
const ACCEPTED_BODY = JSON.stringify({ ok: true });
const ACCEPTED_TYPES = /^(text\/plain|application\/json)\s*(;|$)/i;

type Headers = (name: string) => string | undefined;

export interface IngestDeps {
  config: Pick<Config, 'sites' | 'rateLimit' | 'privacy'>;
  writer: EventSink;
  clock: () => number;
  /** The network's owner and country, looked up before the address is anonymized; null: no reveal. */
  network?: NetworkLookup | null;
  /** API keys (issue 15): a server relaying its visitors' events signs with a key scoped `ingest`. */
  team?: { keyCheck: KeyCheck };
}

/**
 * A server relaying events (a backend forwarding its visitors' actions) has no browser Origin; it
 * proves itself with an API key scoped `ingest` (or `admin`) in the Authorization header instead.
 * Without that header: a browser, held to the site's origins. A header that is not such a key is
 * refused (this throws), never ignored.
 */
async function checkRelayKey(header: string, keyCheck: KeyCheck | undefined): Promise<void> {
  const bearer = header.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  const principal = bearer && keyCheck ? await keyCheck(bearer) : null;
  if (!principal || principal.kind !== 'key') throw unauthorized('invalid API key');
  if (!principal.scopes.some((s) => s === 'ingest' || s === 'admin')) throw forbidden('this API key lacks the ingest scope');
}

function corsHeaders(c: Context, origin: string): void {
  c.header('Access-Control-Allow-Origin', origin);
  c.header('Vary', 'Origin');
}

/**
 * The 202 of every accepted (or silently dropped) batch, with the CORS headers when a browser's
 * origin was allowed. Its headers are a plain object on purpose: `c.header()` and `c.json()` with
 * more than one header build a web `Headers` that @hono/node-server then converts back into
 * Node's header object, per request; a plain object is handed to `writeHead` as it is.
 */
export function acceptedAnswer(origin: string | null): Response {
  const headers: Record<string, string> = origin
    ? { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': origin, Vary: 'Origin' }
    : { 'Content-Type': 'application/json' };
  return new Response(ACCEPTED_BODY, { status: 202, headers });
}

/** Recent addresses' network facts: a visitor's requests come from one address, and a lookup walks two MMDB trees. */
const NETWORK_ADDRESSES_REMEMBERED = 4096;

export function rememberedLookup(network: NetworkLookup): (ip: string) => NetworkFacts | null {
  // Frozen: one result is shared by every later request from the address.
  return memoize((ip) => {
    const facts = network.lookup(ip);
    return facts && Object.freeze(facts);
  }, NETWORK_ADDRESSES_REMEMBERED);
}

/** Privacy signals the site has chosen to honour server-side too. */
function optedOut(h: Headers, privacy: Config['privacy']): boolean {
  return (privacy.honorDoNotTrack && h('dnt') === '1') || (privacy.honorGlobalPrivacyControl && h('sec-gpc') === '1');
}

/** A browser asking not to be tracked is never revealed, even on a site that keeps its events. */
const asksPrivacy = (h: Headers) => h('dnt') === '1' || h('sec-gpc') === '1';

/**
 * POST /e — the snippet's batch endpoint. Order: media type, size, JSON, schema, site, origin,
 * bot and opt-out (silent 202), rate limit, enrichment; then one writer commit before the 202.
 */
export function ingestRoutes(deps: IngestDeps, sites: SiteRegistry = createSiteRegistry(deps.config.sites)): Hono {
  const { config, writer, clock } = deps;
  const limiter = config.rateLimit.enabled
    ? createRateLimiter({ ratePerSecond: config.rateLimit.requestsPerSecond, burst: config.rateLimit.burst })
    : null;

  const lookupNetwork = deps.network ? rememberedLookup(deps.network) : null;
  const app = new Hono();

  app.options('/e', (c) => {
    const origin = c.req.header('origin');
    if (!origin || !sites.anyAllows(origin)) throw forbidden('origin not allowed');
    corsHeaders(c, origin);
    c.header('Access-Control-Allow-Methods', 'POST, OPTIONS');
    c.header('Access-Control-Allow-Headers', 'Content-Type');
    c.header('Access-Control-Max-Age', '86400');
    return c.body(null, 204);
  });

  // One handler, the media type checked first in it: every further handler on the route is another
  // async step of Hono's middleware chain on each request.
  app.post('/e', async (c) => {
    const type = c.req.header('content-type');
    if (type !== undefined && !ACCEPTED_TYPES.test(type)) throw unsupportedMediaType('send text/plain or application/json');
    const h: Headers = (name) => c.req.header(name);
    // Capped before and while reading, straight from Node's request (see read-body.ts: no web Request on this path).
    const batch = parseInput(wireBatchSchema, parseJsonBytes(await readBody(c, LIMITS.maxBodyBytes)), 'batch');

    const site = sites.get(batch.s);
    if (!site) throw notFound(`unknown site "${batch.s}"`);
    let origin: string | null = null;
    // The key check is awaited only when there is a key: a browser's batch spares that await.
    const authorization = h('authorization');
    if (authorization !== undefined) await checkRelayKey(authorization, deps.team?.keyCheck);
    else {
      origin = requestOrigin(h('origin'), h('referer'));
      if (!origin || !site.allowsOrigin(origin)) throw forbidden(`origin ${origin ?? '(none)'} is not allowed for site "${batch.s}"`);
    }
    try {
      if (isBotRequest(h) || optedOut(h, config.privacy)) return acceptedAnswer(origin);

      const receivedAt = clock();
      const ip = clientAddressOf(c);
      const wait = limiter?.take(`${site.config.key}|${ip ?? '-'}`, receivedAt);
      if (wait) throw tooManyRequests(wait);

      const reveal = lookupNetwork && ip && site.config.reveal && !asksPrivacy(h);
      const events = enrichBatch(batch, site, {
        receivedAt,
        network: reveal ? lookupNetwork(ip) : null,
        ip: config.privacy.storeIp === 'anonymized' ? anonymizeIp(ip) : null,
        userAgent: parseUserAgent(h('user-agent')!),
      });
      await writer.write(events);
      return acceptedAnswer(origin);
    } catch (err) {
      // An error after the origin passed (429, a bad URL, the writer) is readable by the page too.
      if (origin) corsHeaders(c, origin);
      throw err;
    }
  });
  return app;
}
