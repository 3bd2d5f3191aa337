import { Hono, type Context } from 'hono';
import type { Config } from '../config/index.js';
import type { Writer } from '../writer/index.js';
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
import type { NetworkLookup } from '../network/index.js';
import type { KeyCheck } from '../api/auth.js';

/** Accepted and silently dropped look the same, so a bot learns nothing from the answer. */
const ACCEPTED = { ok: true } as const;
const ACCEPTED_TYPES = /^(text\/plain|application\/json)\s*(;|$)/i;

type Headers = (name: string) => string | undefined;

export interface IngestDeps {
  config: Pick<Config, 'sites' | 'rateLimit' | 'privacy'>;
  writer: Pick<Writer, 'write'>;
  clock: () => number;
  /** The network's owner and country, looked up before the address is anonymized; null: no reveal. */
  network?: NetworkLookup | null;
  /** API keys (issue 15): a server relaying its visitors' events signs with a key scoped `ingest`. */
  team?: { keyCheck: KeyCheck };
}

/**
 * A server relaying events (a backend forwarding its visitors' actions) has no browser Origin; it
 * proves itself with an API key scoped `ingest` (or `admin`) instead. No Authorization header: a
 * browser, held to the site's origins. A header that is not such a key is refused, never ignored.
 */
async function relayedByKey(h: Headers, keyCheck: KeyCheck | undefined): Promise<boolean> {
  const header = h('authorization');
  if (header === undefined) return false;
  const bearer = header.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  const principal = bearer && keyCheck ? await keyCheck(bearer) : null;
  if (!principal || principal.kind !== 'key') throw unauthorized('invalid API key');
  if (!principal.scopes.some((s) => s === 'ingest' || s === 'admin')) throw forbidden('this API key lacks the ingest scope');
  return true;
}

function corsHeaders(c: Context, origin: string): void {
  c.header('Access-Control-Allow-Origin', origin);
  c.header('Vary', 'Origin');
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

  app.post(
    '/e',
    (c, next) => {
      const type = c.req.header('content-type');
      if (type !== undefined && !ACCEPTED_TYPES.test(type)) throw unsupportedMediaType('send text/plain or application/json');
      return next();
    },
    async (c) => {
      const h: Headers = (name) => c.req.header(name);
      // Capped before and while reading, straight from Node's request (see read-body.ts: no web Request on this path).
      const batch = parseInput(wireBatchSchema, parseJsonBytes(await readBody(c, LIMITS.maxBodyBytes)), 'batch');

      const site = sites.get(batch.s);
      if (!site) throw notFound(`unknown site "${batch.s}"`);
      if (!(await relayedByKey(h, deps.team?.keyCheck))) {
        const origin = requestOrigin(h('origin'), h('referer'));
        if (!origin || !site.allowsOrigin(origin)) throw forbidden(`origin ${origin ?? '(none)'} is not allowed for site "${batch.s}"`);
        corsHeaders(c, origin);
      }

      if (isBotRequest(h) || optedOut(h, config.privacy)) return c.json(ACCEPTED, 202);

      const receivedAt = clock();
      const ip = clientAddressOf(c);
      const wait = limiter?.take(`${site.config.key}|${ip ?? '-'}`, receivedAt);
      if (wait) throw tooManyRequests(wait);

      const reveal = deps.network && ip && site.config.reveal && !asksPrivacy(h);
      const events = enrichBatch(batch, site, {
        receivedAt,
        network: reveal ? deps.network!.lookup(ip) : null,
        ip: config.privacy.storeIp === 'anonymized' ? anonymizeIp(ip) : null,
        userAgent: parseUserAgent(h('user-agent')!),
      });
      await writer.write(events);
      return c.json(ACCEPTED, 202);
    },
  );
  return app;
}
