import { Hono } from 'hono';
import type { Writer } from '../../writer/index.js';
import { audit } from '../../team/audit.js';
import { z } from 'zod';
import { WEBHOOK_FORMATS, webhookEventsSchema, webhookSecretSchema, webhookUrlSchema } from '../config.js';
import { badRequest, conflict, notFound } from '../../errors.js';
import { jsonBody, parseInput as parse } from '../../http/validate.js';
import { DEFAULT_ALERT_EVENTS } from '../events.js';
import type { Alerts } from '../index.js';
import type { AlertsTx } from '../../store/port/alerts.js';
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
  alerts: Pick<Alerts, 'transaction' | 'reads' | 'targetPolicy' | 'testSend' | 'redeliver'>;
  /** Endpoint changes run in the writer's units, so their audit entry commits with them. */
  writer: Pick<Writer, 'transact'>;
}

/** The admin guard and the body cap are the app's, as for every /api/* route. */
export function webhookRoutes({ alerts, writer }: WebhookRoutesDeps): Hono {
  const { transaction, reads, targetPolicy } = alerts;
  const checkTarget = (url: string) => {
    try {
      checkTargetUrl(url, targetPolicy);
    } catch (err) {
      throw badRequest((err as Error).message, [{ path: 'url', message: (err as Error).message }]);
    }
  };
  const requireEndpoint = async (tx: AlertsTx, id: number) => {
    const endpoint = await tx.endpoints.get(id);
    if (!endpoint) throw notFound(`no webhook endpoint ${id}`);
    return endpoint;
  };
  const readEndpoint = (id: number) => transaction((tx) => requireEndpoint(tx, id));
  const readMessage = async (id: string) => {
    const message = await transaction((tx) => tx.messages.get(id));
    if (!message) throw notFound(`no webhook message ${id}`);
    return message;
  };

  const app = new Hono();

  app.get('/api/webhooks', async (c) => c.json({ endpoints: (await reads.endpoints()).map(endpointView) }));

  app.post('/api/webhooks', jsonBody(createSchema, 'webhook endpoint'), async (c) => {
    const input = c.var.body;
    checkTarget(input.url);
    const secret = input.secret ?? generateSecret();
    const endpoint = await writer.transact(async (tx) => {
      const id = await tx.endpoints.insert({ ...input, secret, source: 'api' }, tx.now);
      await audit(c, tx, 'webhook.created', `webhook:${id}`, { url: input.url, format: input.format, events: input.events });
      return requireEndpoint(tx, id);
    });
    // The only response that carries the secret.
    return c.json({ endpoint: endpointView(endpoint), secret }, 201);
  });

  app.patch('/api/webhooks/:id', jsonBody(patchSchema, 'webhook endpoint change'), async (c) => {
    const id = parse(endpointId, c.req.param('id'), 'endpoint id');
    const patch = c.var.body;
    if (patch.url) checkTarget(patch.url);
    const secret = patch.rotateSecret ? generateSecret() : patch.secret;
    const changed = await writer.transact(async (tx) => {
      const current = await requireEndpoint(tx, id);
      // What changed, never a secret: only that one was set or rotated.
      const { secret: given, rotateSecret, ...visible } = patch;
      await audit(c, tx, 'webhook.changed', `webhook:${id}`, {
        url: current.url,
        ...visible,
        ...(given || rotateSecret ? { secretChanged: true } : {}),
      });
      const { enabled, rotateSecret: _rotate, secret: _secret, ...fields } = patch;
      if (current.source === 'config' && (Object.keys(fields).length || secret)) {
        throw conflict(`endpoint ${id} comes from the configuration file: change it there (only "enabled" can be set here)`);
      }
      await tx.endpoints.update(
        id,
        {
          url: fields.url ?? current.url,
          format: fields.format ?? current.format,
          events: fields.events ?? current.events,
          secret: secret ?? current.secret,
        },
        tx.now,
      );
      if (enabled === true && !current.enabled) await tx.endpoints.setEnabled(id, true, null, tx.now);
      if (enabled === false && current.enabled) await disableEndpoint(tx, id, 'disabled by an admin', tx.now);
      return requireEndpoint(tx, id);
    });
    const endpoint = endpointView(changed);
    return c.json(patch.rotateSecret ? { endpoint, secret } : { endpoint });
  });

  app.delete('/api/webhooks/:id', async (c) => {
    const id = parse(endpointId, c.req.param('id'), 'endpoint id');
    await writer.transact(async (tx) => {
      const endpoint = await requireEndpoint(tx, id);
      if (endpoint.source === 'config') throw conflict(`endpoint ${id} comes from the configuration file: remove it there`);
      await tx.endpoints.remove(id);
      await audit(c, tx, 'webhook.removed', `webhook:${id}`, { url: endpoint.url });
    });
    return c.json({ deleted: true });
  });

  app.get('/api/webhooks/:id/messages', async (c) => {
    const id = parse(endpointId, c.req.param('id'), 'endpoint id');
    await readEndpoint(id);
    const query = parse(listQuery, c.req.query(), 'query');
    const before = query.cursor ? parseCursor(query.cursor) : null;
    if (query.cursor && !before) throw badRequest('invalid cursor');
    const rows = await reads.messages(id, { status: query.status ?? null, before, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    return c.json({ messages: page.map(messageView), nextCursor: rows.length > query.limit ? cursorOf(page.at(-1)!) : null });
  });

  app.get('/api/webhooks/messages/:msgId', async (c) => {
    const message = await readMessage(parse(messageId, c.req.param('msgId'), 'message id'));
    return c.json({ message: { ...messageView(message), endpointId: message.endpointId, body: message.body } });
  });

  app.get('/api/webhooks/messages/:msgId/attempts', async (c) => {
    const id = parse(messageId, c.req.param('msgId'), 'message id');
    await readMessage(id);
    return c.json({ attempts: await reads.attempts(id) });
  });

  app.post('/api/webhooks/:id/test', async (c) => {
    const result = await alerts.testSend(parse(endpointId, c.req.param('id'), 'endpoint id'));
    return c.json(result);
  });

  app.post('/api/webhooks/messages/:msgId/redeliver', async (c) => {
    const id = parse(messageId, c.req.param('msgId'), 'message id');
    await alerts.redeliver(id);
    await writer.transact((tx) => audit(c, tx, 'webhook.redelivered', `message:${id}`));
    return c.json({ queued: true }, 202);
  });

  return app;
}
