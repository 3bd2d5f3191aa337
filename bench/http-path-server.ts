import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import { loadConfig } from '../collector/config/index.js';
import { createKindling } from '../collector/kindling.js';
import { capConnections, httpServerOptions } from '../collector/http/server-options.js';

/**
 * Measurement only (`npm run bench:http`): the collector's real app — every middleware, route,
 * check and enrichment of `POST /e` — with the writer's `write` replaced by one that resolves at
 * once, served as `collector/serve.ts` serves it. Its CPU per request beside bare Hono's is the
 * cost of the HTTP path alone; nothing is stored. The shipped collector never runs this file.
 */
const config = loadConfig();
const kindling = await createKindling(config);
kindling.writer.write = (events) => Promise.resolve({ inserted: events.length, duplicates: 0, events: [] });
const server = serve(
  { fetch: kindling.app.fetch, port: 0, hostname: '127.0.0.1', serverOptions: httpServerOptions(config.connections) },
  (info) => console.log(`collector http path listening on http://127.0.0.1:${info.port}/`),
);
capConnections(server as Server, config.connections);
process.on('SIGTERM', () => {
  server.close();
  void kindling.close().then(() => process.exit(0));
});
