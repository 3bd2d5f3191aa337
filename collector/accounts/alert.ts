import type { DomainHandler } from '../writer/index.js';
import type { WebhookFormat } from '../alerts/config.js';
import { newMessageId } from '../alerts/ids.js';
import { escapeMrkdwn } from '../alerts/payload/slack.js';
import type { AccountSurge } from './surge.js';

/** The `account.surging` webhook body (README "Accounts"). */
export interface AccountSurgePayload {
  type: 'account.surging';
  id: string;
  time: string;
  account: AccountSurge['account'] & { match: 'email domain' | 'network' };
  figures: AccountSurge['figures'];
  triggers: AccountSurge['triggers'];
  ownerId: number | null;
  link: string;
}

export const accountLink = (publicUrl: string, key: string) => `${publicUrl}/#/companies/${encodeURIComponent(key)}`;

export function accountSurgePayload(id: string, event: AccountSurge, publicUrl: string): AccountSurgePayload {
  return {
    type: 'account.surging',
    id,
    time: new Date(event.at).toISOString(),
    account: { ...event.account, match: event.account.kind === 'domain' ? 'email domain' : 'network' },
    figures: event.figures,
    triggers: event.triggers,
    ownerId: event.ownerId,
    link: accountLink(publicUrl, event.account.key),
  };
}

/** Slack Block Kit; the account name comes from network registries or visitors' input, so it is escaped. */
export function accountSurgeSlack(p: AccountSurgePayload): Record<string, unknown> {
  const who = p.account.kind === 'network' ? `${p.account.name} (from its network)` : p.account.name;
  const text = `${escapeMrkdwn(who)} is surging: ${escapeMrkdwn(p.figures.summary)} · score ${p.figures.score}`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open account' }, url: p.link }] },
    ],
  };
}

const render = (format: WebhookFormat, p: AccountSurgePayload) => JSON.stringify(format === 'slack' ? accountSurgeSlack(p) : p);

/**
 * The outbox for `account.surging`: one message per subscribed endpoint, in the surge's transaction
 * (the latch in collector/accounts/surge.ts makes one surge one alert). Once accounts have owners,
 * `ownerId` routes it to the owner's channels first (not built yet: no owners in this version).
 */
export function accountAlertHandler(publicUrl: string): DomainHandler {
  return async (ctx, event) => {
    if (event.type !== 'account.surging') return;
    for (const endpoint of await ctx.endpoints.listEnabled()) {
      if (!endpoint.events.includes('account.surging')) continue;
      const id = newMessageId(ctx.now);
      await ctx.messages.insert({
        id,
        endpointId: endpoint.id,
        type: 'account.surging',
        leadId: null,
        body: render(endpoint.format, accountSurgePayload(id, event, publicUrl)),
        status: 'pending',
        nextAttemptAt: ctx.now,
        createdAt: ctx.now,
      });
    }
  };
}
