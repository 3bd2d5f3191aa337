import type { AlertPayload } from './index.js';
import { headline } from './slack.js';
import { clean, type EmailContent } from './email-text.js';
import { accountSurgeEmail, type AccountSurgePayload } from '../../accounts/alert.js';

export { clean, type EmailContent } from './email-text.js';

/**
 * Email alerts: plain text, rendered from the stored json body when the message is sent. Lead
 * data comes from visitors' own input, so every value is cleaned of control characters (no
 * forged lines in the subject, no terminal escapes) and cut to a sane length; plain text has no
 * markup to inject.
 */

/** One lead in a digest: who, where it stands, why (its strongest reasons in words), the link. */
export interface DigestItem {
  id: number;
  name: string | null;
  email: string;
  company: string | null;
  stage: string;
  /** For a fall: the stage it fell from. */
  from?: string | null;
  reasons: string[];
  link: string;
}

/** A digest section: the leads shown (capped) and how many there were. */
export interface DigestSection {
  items: DigestItem[];
  total: number;
}

/** The daily digest of one user: new hot leads, leads that fell back, overdue SQLs. */
export interface DigestPayload {
  type: 'digest';
  id: string;
  time: string;
  /** The day it is for, in the team's time zone (YYYY-MM-DD). */
  day: string;
  /** Whose leads: the user's own (sales) or the team's (admin, marketing). */
  scope: 'own' | 'team';
  hot: DigestSection;
  fellBack: DigestSection;
  overdue: DigestSection;
  link: string;
}

const STAGE_NAMES: Record<string, string> = { visitor: 'Visitor', lead: 'Lead', mql: 'MQL', near_sql: 'Near-SQL', sql: 'SQL' };
const stageName = (stage: string) => STAGE_NAMES[stage] ?? stage;

const who = (lead: { name: string | null; email: string }) =>
  lead.name ? `${clean(lead.name)} <${clean(lead.email)}>` : clean(lead.email);

export function alertEmail(payload: AlertPayload): EmailContent {
  const { lead } = payload;
  const company = lead.company ? ` (${clean(lead.company)})` : '';
  const lines = [
    clean(headline(payload), 500),
    '',
    `Who:      ${who(lead)}`,
    `Company:  ${clean(lead.company) || '—'}`,
    `Title:    ${clean(lead.title) || '—'}`,
    `Stage:    ${stageName(lead.stage)}${lead.disposition ? `, ${clean(lead.disposition)}` : ''} (score ${lead.score}, fit ${lead.fit})`,
    '',
    'Why:',
    ...(payload.reasons.length
      ? payload.reasons.map((r) => `  - ${clean(r.text)} (${r.points >= 0 ? '+' : ''}${r.points})`)
      : ['  - no scored activity']),
    '',
    `Open the lead: ${payload.link}`,
  ];
  return { subject: clean(`${headline(payload)}${company}`, 180), text: `${lines.join('\n')}\n` };
}

function digestItem(i: DigestItem): string[] {
  const moved = i.from ? `${stageName(i.from)} → ${stageName(i.stage)}` : stageName(i.stage);
  return [
    `  * ${who(i)}${i.company ? `, ${clean(i.company)}` : ''} (${moved})`,
    ...(i.reasons.length ? [`    Why: ${i.reasons.map((r) => clean(r)).join('; ')}`] : []),
    `    ${i.link}`,
  ];
}

function section(title: string, { items, total }: DigestSection): string[] {
  if (!total) return [`${title}: none`, ''];
  const more = total - items.length;
  return [`${title} (${total}):`, ...items.flatMap(digestItem), ...(more > 0 ? [`  … and ${more} more`] : []), ''];
}

export function digestEmail(payload: DigestPayload): EmailContent {
  const count = payload.hot.total + payload.fellBack.total + payload.overdue.total;
  const whose = payload.scope === 'own' ? 'your leads' : "the team's leads";
  const text = [
    `Your Kindling digest for ${payload.day} (${whose})`,
    '',
    ...section('New hot leads (entered near-SQL or SQL)', payload.hot),
    ...section('Fell back', payload.fellBack),
    ...section('Overdue SQLs (not acted on in time)', payload.overdue),
    `All leads: ${payload.link}`,
  ];
  return { subject: `Kindling digest ${payload.day}: ${count} lead${count === 1 ? '' : 's'} to look at`, text: `${text.join('\n')}\n` };
}

/** The email of a stored json body: a lead alert, an account surge, a digest, or a test message. */
export function emailOf(body: string): EmailContent {
  const payload = JSON.parse(body) as AlertPayload | DigestPayload | { type: string; message?: string; link?: string };
  if (payload.type === 'digest') return digestEmail(payload as DigestPayload);
  if (payload.type === 'account.surging') return accountSurgeEmail(payload as AccountSurgePayload);
  if ('lead' in payload) return alertEmail(payload);
  const message = 'message' in payload ? clean(payload.message, 500) : 'A message from Kindling.';
  return { subject: 'Kindling: test message', text: `${message}\n${'link' in payload ? (payload.link ?? '') : ''}\n` };
}
