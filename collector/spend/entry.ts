import { z } from 'zod';
import { CHANNELS } from '../kpis/channels.js';
import type { SpendRow } from '../store/port/spend.js';
import { csvRecords, CsvSyntaxError } from '../csv/records.js';
import { badRequest, type ErrorDetail } from '../errors.js';
import { describeZodError } from '../http/zod-details.js';

/** Rows one request may save (the dashboard's form or one CSV file). */
export const MAX_SPEND_ROWS = 5000;

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');
const amount = z
  .number()
  .min(0)
  .max(1e12)
  .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, 'at most two decimals');

/**
 * One spend entry: a month, a channel (the funnel's channel names) or a campaign (utm_campaign) or
 * both (a campaign's spend then counts to its channel too), an amount and an ISO 4217 currency.
 */
export const spendEntry = z
  .strictObject({
    month,
    channel: z.enum(CHANNELS).or(z.literal('')).default(''),
    campaign: z.string().trim().max(200).default(''),
    amount,
    currency: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{3}$/, 'a three-letter currency code (ISO 4217)')
      .transform((c) => c.toUpperCase()),
  })
  .refine((e) => e.channel !== '' || e.campaign !== '', { message: 'give a channel or a campaign', path: ['channel'] });
export type SpendEntry = z.output<typeof spendEntry>;

export const spendBody = z.strictObject({ rows: z.array(spendEntry).min(1).max(MAX_SPEND_ROWS) });

export const toSpendRow = (e: SpendEntry, at: number): SpendRow => ({
  month: e.month,
  channel: e.channel,
  campaign: e.campaign,
  amount_cents: Math.round(e.amount * 100),
  currency: e.currency,
  updated_at: at,
});

export const SPEND_CSV_COLUMNS = ['month', 'channel', 'campaign', 'amount', 'currency'] as const;

/**
 * The entries of a spend CSV (columns month,channel,campaign,amount,currency, in any order, with a
 * header). Every bad row is named with its line and column; one bad row refuses the whole file, so
 * an import is all or nothing and can be fixed and sent again (same month+channel+campaign replaces).
 */
export function spendEntriesFromCsv(text: string): SpendEntry[] {
  let records;
  try {
    records = csvRecords(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw badRequest('invalid spend CSV', [{ path: `line ${err.line}`, message: err.message }]);
    throw err;
  }
  const [header, ...rows] = records;
  const names = (header?.fields ?? []).map((h) => h.trim().toLowerCase());
  const missing = SPEND_CSV_COLUMNS.filter((c) => !names.includes(c));
  const extra = names.filter((n) => !(SPEND_CSV_COLUMNS as readonly string[]).includes(n));
  if (missing.length || extra.length)
    throw badRequest(`a spend CSV has the columns ${SPEND_CSV_COLUMNS.join(',')}`, [
      ...missing.map((c) => ({ path: 'header', message: `missing column ${c}` })),
      ...extra.map((c) => ({ path: 'header', message: `unknown column ${c}` })),
    ]);
  if (!rows.length) throw badRequest('the spend CSV has no rows', [{ path: 'line 2', message: 'no rows after the header' }]);
  if (rows.length > MAX_SPEND_ROWS)
    throw badRequest(`at most ${MAX_SPEND_ROWS} rows per file`, [{ path: 'rows', message: `${rows.length} rows` }]);
  const entries: SpendEntry[] = [];
  const errors: ErrorDetail[] = [];
  for (const r of rows) {
    if (r.fields.length !== names.length) {
      errors.push({ path: `line ${r.line}`, message: `${r.fields.length} fields, the header has ${names.length}` });
      continue;
    }
    const value = Object.fromEntries(names.map((n, i) => [n, r.fields[i]!.trim()]));
    const parsed = spendEntry.safeParse({ ...value, amount: value.amount === '' ? undefined : Number(value.amount) });
    if (parsed.success) entries.push(parsed.data);
    else errors.push(...describeZodError(parsed.error).map((d) => ({ path: `line ${r.line}: ${d.path}`, message: d.message })));
  }
  if (errors.length) throw badRequest(`${errors.length} problem(s) in the spend CSV; nothing was saved`, errors.slice(0, 100));
  return entries;
}
