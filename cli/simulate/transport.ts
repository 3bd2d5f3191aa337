import type { Hono } from 'hono';
import type { Config } from '../../collector/config/index.js';
import type { Writer } from '../../collector/writer/index.js';
import { isBotRequest } from '../../collector/ingest/bot.js';
import { enrichBatch } from '../../collector/ingest/enrich.js';
import { anonymizeIp } from '../../collector/ingest/ip.js';
import { createSiteRegistry } from '../../collector/ingest/sites.js';
import { parseUserAgent } from '../../collector/ingest/user-agent.js';
import type { TimedBatch } from './batches.js';

/** accepted: the collector answered 202 (bots too: it drops them silently); rejected: a 4xx. */
export type Outcome = 'accepted' | 'dropped' | 'rejected';

export interface Transport {
  name: 'http' | 'writer';
  send(b: TimedBatch): Promise<Outcome>;
  /** The first few refusals, for the report (there should be none). */
  refusals: string[];
}

/**
 * The real ingest path: POST /e through the collector's Hono app, in process, with the browser's
 * headers and its address as the socket's (what @hono/node-server hands the app).
 */
export function httpTransport(app: Hono, origin: string): Transport {
  const refusals: string[] = [];
  return {
    name: 'http',
    refusals,
    async send({ batch, visitor }) {
      const res = await app.request(
        '/e',
        {
          method: 'POST',
          body: JSON.stringify(batch),
          headers: { 'content-type': 'text/plain;charset=UTF-8', origin, referer: batch.e[0]!.u, 'user-agent': visitor.userAgent },
        },
        { incoming: { socket: { remoteAddress: visitor.ip } } },
      );
      if (res.status === 202) return 'accepted';
      if (refusals.length < 5) refusals.push(`${res.status} ${await res.text()}`);
      return 'rejected';
    },
  };
}

/**
 * Straight into the writer, for very large runs: the same bot check and enrichment as POST /e
 * (so the stored rows are identical) without HTTP, JSON and schema validation — the batches are
 * generated valid.
 */
export function writerTransport(config: Config, writer: Writer, clock: () => number): Transport {
  const sites = createSiteRegistry(config.sites);
  return {
    name: 'writer',
    refusals: [],
    async send({ batch, visitor }) {
      if (isBotRequest((name) => (name === 'user-agent' ? visitor.userAgent : undefined))) return 'dropped';
      const site = sites.get(batch.s)!;
      const events = enrichBatch(batch, site, {
        receivedAt: clock(),
        ip: config.privacy.storeIp === 'anonymized' ? anonymizeIp(visitor.ip) : null,
        userAgent: parseUserAgent(visitor.userAgent),
      });
      await writer.write(events);
      return 'accepted';
    },
  };
}
