import { z } from 'zod';
import { normalizeEmail } from '../events/email.js';
import { CRM_OUTCOMES, type CrmOutcome } from '../store/port/outcomes.js';

/** Rows per request, JSON or CSV: a larger export is sent in parts (each part is one transaction). */
export const MAX_OUTCOME_ROWS = 1000;

/** A CRM's name as Kindling keeps it: lower case letters, digits, `-` and `_`. */
export const crmName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_-]{1,40}$/, 'a CRM name: letters, digits, - and _ (at most 40)');

/**
 * A date as CRMs export it: `2026-03-15`, `2026-03-15 14:02[:05]`, ISO 8601 with `T` and a zone,
 * or the US `3/15/2026` (Salesforce and HubSpot in an en-US locale). Without a zone it is UTC.
 */
export function parseCrmDate(input: string): number | null {
  const s = input.trim();
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?)?$/i.exec(s);
  if (us) {
    const [, m, d, y, hh = '0', mm = '0', ss = '0', ampm] = us;
    const hour = (Number(hh) % 12) + (ampm?.toUpperCase() === 'PM' ? 12 : ampm ? 0 : Number(hh) >= 12 ? 12 : 0);
    return checkedUtc(Number(y), Number(m), Number(d), hour, Number(mm), Number(ss));
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(s);
  if (!iso) return null;
  const [, y, m, d, hh = '0', mm = '0', ss = '0', zone] = iso;
  const utc = checkedUtc(Number(y), Number(m), Number(d), Number(hh), Number(mm), Number(ss));
  if (utc === null || !zone || zone === 'Z') return utc;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return utc - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

/** The UTC time of a calendar moment, or null when a part is out of range (31 February, hour 25). */
function checkedUtc(y: number, m: number, d: number, hh: number, mm: number, ss: number): number | null {
  const t = Date.UTC(y, m - 1, d, hh, mm, ss);
  const back = new Date(t);
  return back.getUTCFullYear() === y && back.getUTCMonth() === m - 1 && back.getUTCDate() === d && hh < 24 && mm < 60 && ss < 60 ? t : null;
}

/** An amount as exported: `12000`, `12,000.50`, `$12,000` (a dot is the decimal separator, commas group thousands). */
export function parseAmount(input: string): number | null {
  const s = input
    .trim()
    .replace(/^[A-Z]{3}\s*/, '')
    .replace(/^[$€£¥]\s*/, '')
    .replace(/,/g, '');
  return /^\d+(\.\d+)?$/.test(s) ? Number(s) : null;
}

const text = (max: number) => z.string().trim().min(1).max(max);

/** One row of `POST /api/outcomes`, as sent. */
export const outcomeRowSchema = z
  .strictObject({
    crm: crmName,
    email: text(254).optional(),
    crmId: text(100).optional(),
    outcome: z.enum(CRM_OUTCOMES),
    date: text(40),
    amount: z.number().nonnegative().max(1e13).optional(),
    currency: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD')
      .optional(),
  })
  .refine((r) => r.email !== undefined || r.crmId !== undefined, { message: 'a row needs an email or a crmId', path: ['email'] });
export type OutcomeRowInput = z.input<typeof outcomeRowSchema>;

/** One row ready to record: the email normalized, the date as epoch ms. */
export interface OutcomeRow {
  crm: string;
  email: string | null;
  crmId: string | null;
  outcome: CrmOutcome;
  occurredAt: number;
  amount: number | null;
  currency: string | null;
}

export type Checked = { ok: true; row: OutcomeRow } | { ok: false; reason: string };

/** A row checked whole: every problem of one row in one sentence, so the report can show it beside its number. */
export function checkRow(input: unknown): Checked {
  const parsed = outcomeRowSchema.safeParse(input);
  if (!parsed.success)
    return { ok: false, reason: parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; ') };
  const r = parsed.data;
  const email = r.email === undefined ? null : normalizeEmail(r.email);
  if (r.email !== undefined && email === null) return { ok: false, reason: 'email: not an email address' };
  const occurredAt = parseCrmDate(r.date);
  if (occurredAt === null) return { ok: false, reason: `date: "${r.date}" is not a date (YYYY-MM-DD, ISO 8601 or M/D/YYYY)` };
  return {
    ok: true,
    row: {
      crm: r.crm,
      email,
      crmId: r.crmId ?? null,
      outcome: r.outcome,
      occurredAt,
      amount: r.amount ?? null,
      currency: r.currency ?? null,
    },
  };
}
