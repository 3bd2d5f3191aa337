import { Hono, type Context } from 'hono';
import type { AppDeps } from '../app.js';
import { badRequest, forbidden, notFound, tooManyRequests, unsupportedMediaType } from '../errors.js';
import { wireBatchSchema, LIMITS } from './wire.js';
import { createSiteRegistry, type SiteRegistry } from './sites.js';
import { isBotRequest } from './bot.js';
import { anonymizeIp, clientIp } from './ip.js';
import { parseUserAgent } from './user-agent.js';
import { enrichBatch } from './enrich.js';
import { createRateLimiter } from './rate-limit.js';
import { requestOrigin } from './origins.js';
import { describeZodError } from './zod-details.js';
import { readBody } from './body.js';

/** Accepted and silently dropped look the same, so a bot learns nothing from the answer. */
const ACCEPTED = { ok: true } as const;
const ACCEPTED_TYPES = /^(text\/plain|application\/json)\s*(;|$)/i;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

type Headers = (name: string) => string | undefined;

function socketAddress(c: Context): string | undefined {
  return (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;
}

function corsHeaders(c: Context, origin: string): void {
  c.header('Access-Control-Allow-Origin', origin);
  c.header('Vary', 'Origin');
}

/** Privacy signals the site has chosen to honour server-side too. */
function optedOut(h: Headers, privacy: AppDeps['config']['privacy']): boolean {
  return (privacy.honorDoNotTrack && h('dnt') === '1') || (privacy.honorGlobalPrivacyControl && h('sec-gpc') === '1');
}

/**
 * POST /e — the snippet's batch endpoint. Order: media type, size, JSON, schema, site, origin,
 * bot and opt-out (silent 202), rate limit, enrichment; then one writer commit before the 202.
 */
export function ingestRoutes(deps: Pick<AppDeps, 'config' | 'writer' | 'clock'>, sites: SiteRegistry = createSiteRegistry(deps.config.sites)): Hono {
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
      // Capped before and while reading; outside the try so 413 and a cut-off body keep their own answers.
      const raw = await readBody(c, LIMITS.maxBodyBytes);
      let body: unknown;
      try {
        // Strict UTF-8: a lenient decode would store U+FFFD in place of the bytes it could not read.
        body = JSON.parse(strictUtf8.decode(raw));
      } catch {
        throw badRequest('body is not valid UTF-8 JSON');
      }
      const parsed = wireBatchSchema.safeParse(body);
      if (!parsed.success) throw badRequest('invalid batch', describeZodError(parsed.error));
      const batch = parsed.data;

      const site = sites.get(batch.s);
      if (!site) throw notFound(`unknown site "${batch.s}"`);
      const origin = requestOrigin(h('origin'), h('referer'));
      if (!origin || !site.allowsOrigin(origin)) throw forbidden(`origin ${origin ?? '(none)'} is not allowed for site "${batch.s}"`);
      corsHeaders(c, origin);

      if (isBotRequest(h) || optedOut(h, config.privacy)) return c.json(ACCEPTED, 202);

      const receivedAt = clock();
      const ip = clientIp(socketAddress(c), h('x-forwarded-for'), config.trustProxy);
      const wait = limiter?.take(`${site.config.key}|${ip ?? '-'}`, receivedAt);
      if (wait) throw tooManyRequests(wait);

      const events = enrichBatch(batch, site, {
        receivedAt,
        ip: config.privacy.storeIp === 'anonymized' ? anonymizeIp(ip) : null,
        userAgent: parseUserAgent(h('user-agent')!),
      });
      await writer.write(events);
      return c.json(ACCEPTED, 202);
    },
  );
  return app;
}
