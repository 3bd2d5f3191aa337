import type { AlertPayload, TestPayload } from './index.js';

/**
 * Slack incoming-webhook format (Block Kit). Lead data comes from visitors' own input, so every
 * mrkdwn string is escaped (&, <, >: no injected links or @channel) and cut to Slack's limits.
 */

const STAGE_LABELS: Record<string, string> = { visitor: 'Visitor', lead: 'Lead', mql: 'MQL', near_sql: 'Near-SQL', sql: 'SQL' };
const DISPOSITION_LABELS: Record<string, string> = { accepted: 'accepted', rejected: 'rejected', won: 'won', lost: 'lost' };
/** Slack's limits: header text 150, section text 3000, field 2000, button text 75. */
const LIMITS = { header: 150, section: 3000, field: 2000, button: 75 } as const;

export const escapeMrkdwn = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const mrkdwn = (text: string, max: number = LIMITS.section) => ({ type: 'mrkdwn', text: cut(text, max) });
const plain = (text: string, max: number) => ({ type: 'plain_text', text: cut(text, max), emoji: true });
const field = (label: string, value: string | null) => mrkdwn(`*${label}*\n${value ? escapeMrkdwn(value) : '—'}`, LIMITS.field);

const stageLabel = (stage: string) => STAGE_LABELS[stage] ?? stage;

/** The header line, by what happened; unknown types read as a stage change. */
const HEADLINES: Record<string, (who: string, change: Extract<AlertPayload['change'], { kind: 'stage' }>) => string> = {
  'lead.created': (who) => `${who} is a new lead`,
  'lead.fell_back': (who, c) => `${who} fell back from ${stageLabel(c.from)} to ${stageLabel(c.to)} (${c.cause})`,
  'lead.returned_to_nurture': (who, c) => `${who} is back in nurture: ${stageLabel(c.from)} → ${stageLabel(c.to)} (${c.cause})`,
};

/** What happened, in one line of plain text (Slack escapes it; email sends it as is). */
export function headline(payload: AlertPayload): string {
  const who = payload.lead.name ?? payload.lead.email;
  const change = payload.change;
  if (change.kind === 'overdue')
    return change.step === 'reminder'
      ? `${who} is waiting for follow-up since ${change.sqlSince.slice(0, 16).replace('T', ' ')} UTC`
      : `Escalation: ${who} is still not followed up (owner: ${change.owner ?? 'nobody'})`;
  if (change.kind === 'stage') return (HEADLINES[payload.type] ?? ((w) => `${w} is now ${stageLabel(change.to)}`))(who, change);
  const to = change.to;
  return to ? `${who} was ${DISPOSITION_LABELS[to] ?? to} by sales` : `${who} was reopened`;
}

export function slackBody(payload: AlertPayload | TestPayload): Record<string, unknown> {
  if (!('lead' in payload)) {
    const test = payload as TestPayload;
    return {
      text: cut(escapeMrkdwn(test.message), LIMITS.section),
      blocks: [{ type: 'section', text: mrkdwn(escapeMrkdwn(test.message)) }],
    };
  }
  const { lead, reasons, link } = payload;
  const title = headline(payload);
  const company = lead.company ? ` (${lead.company})` : '';
  const why = reasons.length
    ? reasons.map((r) => `• ${escapeMrkdwn(r.text)} _(${r.points >= 0 ? '+' : ''}${r.points})_`).join('\n')
    : '_no scored activity_';
  return {
    // Notification and fallback text: Slack parses it like mrkdwn, so it is escaped like the blocks.
    text: cut(escapeMrkdwn(`${title}${company}, score ${lead.score}`), LIMITS.section),
    blocks: [
      { type: 'header', text: plain(title, LIMITS.header) },
      {
        type: 'section',
        fields: [
          field('Name', lead.name ?? lead.email),
          field('Company', lead.company),
          field('Stage', stageLabel(lead.stage)),
          field('Score', `${lead.score} (fit ${lead.fit})`),
          field('Title', lead.title),
          field('Email', lead.email),
        ],
      },
      { type: 'section', text: mrkdwn(`*Why*\n${why}`) },
      {
        type: 'actions',
        elements: [{ type: 'button', text: plain('Open in Kindling', LIMITS.button), url: link, style: 'primary' }],
      },
    ],
  };
}
