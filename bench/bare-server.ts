import { serve } from '@hono/node-server';
import { Hono } from 'hono';

/**
 * The baseline for the ingest benchmark: Hono on @hono/node-server, in its own process like the
 * collector, answering POST /e with 204 after reading the body (as any real endpoint must).
 * Everything the collector does beyond this is the cost of the pipeline.
 */
const app = new Hono();
app.post('/e', async (c) => {
  await c.req.arrayBuffer();
  return c.body(null, 204);
});
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(`bare hono listening on http://127.0.0.1:${info.port}/`));
