import { Hono } from 'hono';
import { z } from 'zod';
import { WEBHOOK_FORMATS, webhookEventsSchema, webhookSecretSchema, webhookUrlSchema } from '../config.js';
import { badRequest, conflict, notFound } from '../../errors.js';
import { jsonBody, parseInput as parse } from '../../http/validate.js';
import type { Writer } from '../../writer/index.js';
import { DEFAULT_ALERT_EVENTS } from '../events.js';
import type { Alerts } from '../index.js';
import { disableEndpoint } from '../sender/verdict.js';
import { generateSecret } from '../signature/index.js';
import { checkTargetUrl } from '../targets/index.js';
import { endpointView, messageView, parseCursor, cursorOf } from './views.js';

/** The admin API for webhooks (see API.md): endpoints, the message and attempt log, test-send, redelivery. */

const createSchema = z.strictObject({
  url: webhookUrlSchema,
  format: z.enum(WEBHOOK_FORMATS).default('json'),
  events: webhookEventsSchema.default([...DEFAULT_ALERT_EVENTS]),
  secret: webhookSecretSchema.optional(),
});
const patchSchema = z
  .strictObject({
    url: webhookUrlSchema.optional(),
    format: z.enum(WEBHOOK_FORMATS).optional(),
    events: webhookEventsSchema.optional(),
    secret: webhookSecretSchema.optional(),
    /** Replace the secret with a generated one, returned once in the response. */
    rotateSecret: z.literal(true).optional(),
    enabled: z.boolean().optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'nothing to change')
  .refine((p) => !(p.secret && p.rotateSecret), 'give either secret or rotateSecret');
const listQuery = z.object({
  status: z.enum(['pending', 'delivered', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(100).optional(),
});
const endpointId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const messageId = z.string().regex(/^msg_[A-Za-z0-9_-]{1,80}$/, 'not a message id');

export interface WebhookRoutesDeps {
  alerts: Pick<Alerts, 'store' | 'targetPolicy' | 'testSend' | 'redeliver'>;
  writer: Pick<Writer, 'transact'>;
}

/** The admin guard and the body cap are the app's, as for every /api/* route. */
export function webhookRoutes({ alerts, writer }: WebhookRoutesDeps): Hono {
  const { store, targetPolicy } = alerts;
  const checkTarget = (url: string) => {
    try {
      checkTargetUrl(url, targetPolicy);
    } catch (err) {
      throw badRequest((err as Error).message, [{ path: 'url', message: (err as Error).message }]);
    }
  };
  const requireEndpoint = (id: number) => {
    const endpoint = store.endpoints.get(id);
    if (!endpoint) throw notFound(`no webhook endpoint ${id}`);
    return endpoint;
  };

  const app = new Hono();

  app.get('/api/webhooks', (c) => c.json({ endpoints: store.endpoints.list().map(endpointView) }));

  app.post('/api/webhooks', jsonBody(createSchema, 'webhook endpoint'), async (c) => {
    const input = c.var.body;
    checkTarget(input.url);
    const secret = input.secret ?? generateSecret();
    const id = await writer.transact((ctx) => store.endpoints.insert({ ...input, secret, source: 'api' }, ctx.now));
    // The only response that carries the secret.
    return c.json({ endpoint: endpointView(requireEndpoint(id)), secret }, 201);
  });

  app.patch('/api/webhooks/:id', jsonBody(patchSchema, 'webhook endpoint change'), async (c) => {
    const id = parse(endpointId, c.req.param('id'), 'endpoint id');
    const patch = c.var.body;
    if (patch.url) checkTarget(patch.url);
    const secret = patch.rotateSecret ? generateSecret() : patch.secret;
    await writer.transact((ctx) => {
      const current = requireEndpoint(id);
      const { enabled, rotateSecret: _rotate, secret: _secret, ...fields } = patch;
      if (current.source === 'config' && (Object.keys(fields).length || secret)) {
        throw conflict(`endpoint ${id} comes from the configuration file: change it there (only "enabled" can be set here)`);
      }
      store.endpoints.update(
        id,
        {
          url: fields.url ?? current.url,
          format: fields.format ?? current.format,
          events: fields.events ?? current.events,
          secret: secret ?? current.secret,
        },
        ctx.now,
      );
      if (enabled === true && !current.enabled) store.endpoints.setEnabled(id, true, null, ctx.now);
      if (enabled === false && current.enabled) disableEndpoint(store, id, 'disabled by an admin', ctx.now);
    });
    const endpoint = endpointView(requireEndpoint(id));
    return c.json(patch.rotateSecret ? { endpoint, secret } : { endpoint });
  });

  app.delete('/api/webhooks/:id', async (c) => {
    const id = parse(endpointId, c.req.param('id'), 'endpoint id');
    await writer.transact(() => {
      if (requireEndpoint(id).source === 'config') throw conflict(`endpoint ${id} comes from the configuration file: remove it there`);
      store.endpoints.remove(id);
    });
    return c.json({ deleted: true });
  });

  app.get('/api/webhooks/:id/messages', (c) => {
    const id = parse(endpointId, c.req.param('id'), 'endpoint id');
    requireEndpoint(id);
    const query = parse(listQuery, c.req.query(), 'query');
    const before = query.cursor ? parseCursor(query.cursor) : null;
    if (query.cursor && !before) throw badRequest('invalid cursor');
    const rows = store.messages.page(id, { status: query.status ?? null, before, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    return c.json({ messages: page.map(messageView), nextCursor: rows.length > query.limit ? cursorOf(page.at(-1)!) : null });
  });

  app.get('/api/webhooks/messages/:msgId', (c) => {
    const message = store.messages.get(parse(messageId, c.req.param('msgId'), 'message id'));
    if (!message) throw notFound(`no webhook message ${c.req.param('msgId')}`);
    return c.json({ message: { ...messageView(message), endpointId: message.endpointId, body: message.body } });
  });

  app.get('/api/webhooks/messages/:msgId/attempts', (c) => {
    const id = parse(messageId, c.req.param('msgId'), 'message id');
    if (!store.messages.get(id)) throw notFound(`no webhook message ${id}`);
    return c.json({ attempts: store.messages.attempts(id) });
  });

  app.post('/api/webhooks/:id/test', async (c) => {
    const result = await alerts.testSend(parse(endpointId, c.req.param('id'), 'endpoint id'));
    return c.json(result);
  });

  app.post('/api/webhooks/messages/:msgId/redeliver', async (c) => {
    await alerts.redeliver(parse(messageId, c.req.param('msgId'), 'message id'));
    return c.json({ queued: true }, 202);
  });

  return app;
}
