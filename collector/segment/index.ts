import { Hono, type Context } from 'hono';
import type { Config } from '../config/index.js';
import type { EventSink, Writer } from '../writer/index.js';
import type { NewEvent } from '../events/types.js';
import { badRequest, unsupportedMediaType } from '../errors.js';
import { bodyCap } from '../http/body.js';
import { clientAddressOf } from '../http/client-address.js';
import { createSiteRegistry, type SiteRegistry } from '../ingest/sites.js';
import { SEGMENT_LIMITS } from './schema.js';
import { createWriteKeys } from './auth.js';
import { readJson } from './body.js';
import { parseMessages, SINGLE_TYPES, type Issue, type Route } from './messages.js';
import { mapMessage, MessageError } from './map.js';
import { resolveLinks, type LinkIntent } from './links.js';
import { aliasLookup } from './alias-store.js';

type Env = { Variables: { siteKey: string | undefined } };
const JSON_TYPES = /^(application\/json|text\/plain)\s*(;|$)/i;

export interface SegmentDeps {
  config: Pick<Config, 'sites' | 'privacy'>;
  writer: Pick<Writer, 'transact'> & EventSink;
  clock: () => number;
}

/**
 * The Segment HTTP Tracking API (`POST /v1/batch|track|page|identify|group|alias`), so sites and
 * servers instrumented with Segment or RudderStack libraries can send to Kindling unchanged.
 * Order: media type (415) → write key in the header, when sent (401) → size (413) → JSON (400) →
 * write key in the body, without a header (401) → every message (400, naming the key; 32 KB per
 * message) → mapping (400 on a bad email) → one writer commit → 200.
 * A request is stored whole or not at all; repeated messageIds are skipped by the event store.
 */
export function segmentRoutes(deps: SegmentDeps, sites: SiteRegistry = createSiteRegistry(deps.config.sites)): Hono<Env> {
  const { config, writer, clock } = deps;
  const writeKeys = createWriteKeys(config.sites);
  const app = new Hono<Env>();

  const handler = (route: Route) => async (c: Context<Env>) => {
    const receivedAt = clock();
    const { json, bytes } = await readJson(c, SEGMENT_LIMITS.maxBodyBytes);
    const site = sites.get(c.get('siteKey') ?? writeKeys.authenticateBody(json).key)!;
    const { messages, issues } = parseMessages(route, json, bytes);
    if (issues.length) throw badRequest(route === 'batch' ? 'invalid batch' : 'invalid message', issues);

    const connectionIp = clientAddressOf(c);
    const mapContext = { site, receivedAt, connectionIp, storeIp: config.privacy.storeIp };
    const events: NewEvent[] = [];
    const intents: LinkIntent[] = [];
    const mappingIssues: Issue[] = [];
    const dropped = { bot: 0, screen: 0 };
    for (const { path, raw, message } of messages) {
      try {
        const mapped = mapMessage(message, raw, mapContext);
        events.push(...mapped.events);
        intents.push(...mapped.intents);
        if (mapped.dropped) dropped[mapped.dropped]++;
      } catch (err) {
        if (!(err instanceof MessageError)) throw err;
        mappingIssues.push({ path: path ? `${path}.${err.path}` : err.path, message: err.message });
      }
    }
    if (mappingIssues.length) throw badRequest(route === 'batch' ? 'invalid batch' : 'invalid message', mappingIssues.slice(0, 10));

    // Pairs first: if the event commit then fails, the sender's retry finds them and loses nothing.
    if (intents.length) {
      const siteKey = site.config.key;
      const links = await writer.transact(async (tx) => {
        const resolved = await resolveLinks(intents, aliasLookup(tx.aliases, siteKey));
        if (resolved.newPairs.length) await tx.aliases.remember(siteKey, resolved.newPairs, receivedAt);
        return resolved;
      });
      events.push(...links.events);
    }
    const result = await writer.write(events);
    return c.json({ success: true, received: messages.length, stored: result.inserted, duplicates: result.duplicates, dropped }, 200);
  };

  for (const route of ['batch', ...SINGLE_TYPES] as const) {
    app.post(
      `/v1/${route}`,
      (c, next) => {
        const type = c.req.header('content-type');
        if (type !== undefined && !JSON_TYPES.test(type)) throw unsupportedMediaType('send application/json');
        // A header is checked before the body, so a request with a wrong one costs no parsing;
        // without a header the key is in the body (analytics-node v2), checked once it is parsed.
        const authorization = c.req.header('authorization');
        c.set('siteKey', authorization ? writeKeys.authenticate(authorization).key : undefined);
        return next();
      },
      bodyCap(SEGMENT_LIMITS.maxBodyBytes),
      handler(route),
    );
  }
  return app;
}
