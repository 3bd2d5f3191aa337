import { Hono } from 'hono';
import { z } from 'zod';
import type { AlertEvent } from '../alerts/events.js';
import { webhookUrlSchema } from '../alerts/config.js';
import { MAILTO } from '../alerts/sender/mail-transport.js';
import { generateSecret } from '../alerts/signature/index.js';
import { checkTargetUrl, type PrivateTargetPolicy } from '../alerts/targets/index.js';
import { actorFor, principalOf } from '../api/principal.js';
import { badRequest, notFound } from '../errors.js';
import { jsonBody, parseInput as parse } from '../http/validate.js';
import type { Endpoint } from '../store/port/alerts.js';
import type { Role } from '../store/port/team.js';
import type { ApiReads } from '../store/port/reads.js';
import type { Writer, TxContext } from '../writer/index.js';
import type { Context } from 'hono';

/**
 * Routing's API: a user's own alert channels and events (`/api/me/alerts`), the people a lead can
 * be given to (`/api/owners`), and reassigning a lead by hand (`POST /api/leads/:id/owner`,
 * recorded in the owner history and the audit log, in one transaction).
 */

/** What a user can be alerted about on their own channels. */
export const PERSONAL_EVENTS = ['lead.entered_sql', 'lead.entered_near_sql', 'lead.fell_back', 'lead.overdue', 'account.surging'] as const;
/** An account surge reaches its owner's channels by default: "the account's owner" is one of its recipients (issue 16). */
const DEFAULT_PERSONAL_EVENTS: AlertEvent[] = ['lead.entered_sql', 'lead.overdue', 'account.surging'];

const alertsBody = z.strictObject({
  /** Email to the user's own address (needs the smtp block). */
  email: z.boolean(),
  /** The user's own Slack incoming webhook, or null for none. */
  slackWebhookUrl: webhookUrlSchema.nullable(),
  events: z
    .array(z.enum(PERSONAL_EVENTS))
    .max(PERSONAL_EVENTS.length * 2)
    .transform((e) => [...new Set(e)] as AlertEvent[]),
  digest: z.boolean(),
});
const ownerBody = z.strictObject({ userId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullable() });
const leadId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export interface RoutingRoutesDeps {
  writer: Pick<Writer, 'transact'>;
  reads: ApiReads;
  alerts: { targetPolicy: PrivateTargetPolicy };
  /** Email channels need SMTP; the page says so when it is missing. */
  emailConfigured: boolean;
}

/** The signed-in user of a request; the admin token and API keys have no channels of their own. */
function userOf(c: Context): number {
  const principal = principalOf(c);
  if (principal.kind !== 'user') throw badRequest('personal alert settings belong to a signed-in user, not to a token or an API key');
  return principal.id;
}

export function alertsView(channels: Endpoint[], digest: boolean, emailConfigured: boolean) {
  const mail = channels.find((e) => e.url.startsWith(MAILTO));
  const slack = channels.find((e) => !e.url.startsWith(MAILTO));
  const events = (mail ?? slack)?.events ?? DEFAULT_PERSONAL_EVENTS;
  return {
    email: Boolean(mail),
    emailAddress: mail ? decodeURIComponent(mail.url.slice(MAILTO.length)) : null,
    slackWebhookUrl: slack?.url ?? null,
    events: events.filter((e) => (PERSONAL_EVENTS as readonly string[]).includes(e)),
    digest,
    emailConfigured,
    /** A channel the sender disabled (its receiver kept failing) says why. */
    disabled: channels
      .filter((e) => !e.enabled)
      .map((e) => ({ channel: e.url.startsWith(MAILTO) ? 'email' : 'slack', reason: e.disabledReason })),
  };
}

/** A person a lead can be given to, as the owner filter and the reassign control list them. */
export const ownerView = (u: { id: number; name: string; email: string; role: Role; available: boolean }) => ({
  id: u.id,
  name: u.name,
  email: u.email,
  role: u.role,
  available: u.available,
});

/** Makes the user's channels what the body asks: one email, one Slack, each with the chosen events. */
async function syncChannels(tx: TxContext, userId: number, email: string, body: z.infer<typeof alertsBody>): Promise<void> {
  const wanted: { url: string; format: 'json' | 'slack' }[] = [];
  if (body.email) wanted.push({ url: `${MAILTO}${encodeURIComponent(email)}`, format: 'json' });
  if (body.slackWebhookUrl) wanted.push({ url: body.slackWebhookUrl, format: 'slack' });
  const have = await tx.endpoints.listOfUser(userId);
  for (const endpoint of have)
    if (!wanted.some((w) => w.url === endpoint.url && w.format === endpoint.format)) await tx.endpoints.remove(endpoint.id);
  for (const w of wanted) {
    const existing = have.find((e) => e.url === w.url && e.format === w.format);
    if (!existing) {
      await tx.endpoints.insert({ ...w, secret: generateSecret(), events: body.events, source: 'api', userId }, tx.now);
      continue;
    }
    await tx.endpoints.update(existing.id, { url: w.url, secret: existing.secret, format: w.format, events: body.events }, tx.now);
    // Saving the settings again is how a user turns a channel the sender disabled back on.
    if (!existing.enabled) await tx.endpoints.setEnabled(existing.id, true, null, tx.now);
  }
  await tx.routing.setDigestOptIn(userId, body.digest);
}

export function routingRoutes({ writer, reads, alerts, emailConfigured }: RoutingRoutesDeps): Hono {
  const app = new Hono();

  app.get('/api/me/alerts', async (c) => {
    const userId = userOf(c);
    const view = await writer.transact(async (tx) =>
      alertsView(await tx.endpoints.listOfUser(userId), await tx.routing.digestOptIn(userId), emailConfigured),
    );
    return c.json(view);
  });

  app.put('/api/me/alerts', jsonBody(alertsBody), async (c) => {
    const userId = userOf(c);
    const body = c.var.body;
    if (body.slackWebhookUrl) {
      try {
        checkTargetUrl(body.slackWebhookUrl, alerts.targetPolicy);
      } catch (err) {
        throw badRequest((err as Error).message, [{ path: 'slackWebhookUrl', message: (err as Error).message }]);
      }
    }
    if (body.email && !emailConfigured)
      throw badRequest('email is not configured on this Kindling (no smtp block)', [{ path: 'email', message: 'needs smtp' }]);
    const view = await writer.transact(async (tx) => {
      const user = await tx.users.get(userId);
      if (!user) throw notFound(`no user ${userId}`);
      await syncChannels(tx, userId, user.email, body);
      return alertsView(await tx.endpoints.listOfUser(userId), body.digest, emailConfigured);
    });
    return c.json(view);
  });

  app.get('/api/owners', async (c) => {
    const users = await writer.transact((tx) => tx.users.list());
    return c.json({ owners: users.map(ownerView) });
  });

  app.post('/api/leads/:id/owner', jsonBody(ownerBody), async (c) => {
    const id = parse(leadId, c.req.param('id'), 'lead id');
    const { userId } = c.var.body;
    const actor = actorFor(c);
    const result = await writer.transact(async (tx) => {
      if (!(await tx.leads.byId(id))) throw notFound(`no lead ${id}`);
      const user = userId === null ? null : await tx.users.get(userId);
      if (userId !== null && (!user || user.removedAt !== null))
        throw badRequest(`no user ${userId} to give the lead to`, [{ path: 'userId', message: 'unknown or removed user' }]);
      await tx.leads.lock([id]);
      const before = await tx.routing.assign(id, userId, tx.now, 'manual', `${actor.kind}${actor.id === null ? '' : `:${actor.id}`}`);
      if (before !== userId) {
        await tx.audit.append({ at: tx.now, actor, action: 'lead.reassigned', target: `lead:${id}`, detail: { from: before, to: userId } });
        await tx.emit({ type: 'lead.updated', at: tx.now, leadId: id });
      }
      return { ownerId: userId, previousOwnerId: before };
    });
    return c.json(result);
  });

  // Reads for the lead page are in the lead API; this one is for the owner history panel.
  app.get('/api/leads/:id/owner-history', async (c) => {
    const id = parse(leadId, c.req.param('id'), 'lead id');
    return c.json({ history: await reads.routing.ownerHistory(id) });
  });

  return app;
}
