import type { DomainHandler } from '../writer/index.js';
import type { WebhookFormat } from '../alerts/config.js';
import { newMessageId } from '../alerts/ids.js';
import { escapeMrkdwn } from '../alerts/payload/slack.js';
import { clean, type EmailContent } from '../alerts/payload/email-text.js';
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

/** The plain-text email of a surge (an owner's `mailto:` channel); names come from registries or visitors, so cleaned. */
export function accountSurgeEmail(p: AccountSurgePayload): EmailContent {
  const who = clean(p.account.kind === 'network' ? `${p.account.name} (from its network)` : p.account.name);
  const lines = [
    `${who} is surging: ${clean(p.figures.summary, 500)}`,
    '',
    `Score:    ${p.figures.score}`,
    `Why:      ${p.triggers.join(' and ')}`,
    '',
    `Open the account: ${p.link}`,
  ];
  return { subject: clean(`Kindling: ${who} is surging`, 180), text: `${lines.join('\n')}\n` };
}

const render = (format: WebhookFormat, p: AccountSurgePayload) => JSON.stringify(format === 'slack' ? accountSurgeSlack(p) : p);

/**
 * The outbox for `account.surging`: one message per subscribed endpoint, in the surge's transaction
 * (the latch in collector/accounts/surge.ts makes one surge one alert): the team's endpoints and,
 * besides them, the account owner's own enabled channels (a surge is team news and the owner's
 * call to act, unlike a lead alert, which goes to its owner instead of the team). `onQueued` is told
 * of each message, so the sender is woken after the commit (collector/alerts/queued.ts).
 */
export function accountAlertHandler(publicUrl: string, onQueued: () => void = () => {}): DomainHandler {
  return async (ctx, event) => {
    if (event.type !== 'account.surging') return;
    const owners = event.ownerId === null ? [] : (await ctx.endpoints.listOfUser(event.ownerId)).filter((e) => e.enabled);
    for (const endpoint of [...(await ctx.endpoints.listEnabled()), ...owners]) {
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
      onQueued();
    }
  };
}
