import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { audit } from '../team/audit.js';
import { jsonBody, parseInput as parse } from '../http/validate.js';
import type { ApiReads } from '../store/port/reads.js';
import type { Writer } from '../writer/index.js';
import { spendBody, spendEntriesFromCsv, toSpendRow, type SpendEntry } from './entry.js';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');
const spendQuery = z.strictObject({ from: month.default('0000-01'), to: month.default('9999-12') });
/** The CSV travels as text in a JSON body, so the one CSRF rule (same-origin JSON) covers the import. */
const csvBody = z.strictObject({
  csv: z
    .string()
    .min(1)
    .max(1024 * 1024),
});
/** Body cap of the spend routes: a CSV of MAX_SPEND_ROWS rows (≈ 40 bytes each) fits twice over. */
export const SPEND_BODY_CAP = 512 * 1024;

export interface SpendRoutesDeps {
  reads: ApiReads;
  writer: Pick<Writer, 'transact'>;
}

/**
 * Marketing spend (issue 17.6): `GET /api/spend?from&to` lists the months' rows, `PUT /api/spend`
 * saves rows typed in the dashboard, `POST /api/spend.csv` imports a file; the same month, channel
 * and campaign replaces the row (so a re-import changes nothing). Each save is audited.
 */
export function spendRoutes(deps: SpendRoutesDeps): Hono {
  const { reads, writer } = deps;
  const app = new Hono();
  const save = async (c: Context, entries: SpendEntry[], action: string) => {
    await writer.transact(async (tx) => {
      await tx.spend.put(entries.map((e) => toSpendRow(e, tx.now)));
      await audit(c, tx, action, null, { rows: entries.length, months: [...new Set(entries.map((e) => e.month))].sort().join(' ') });
    });
    return c.json({ saved: entries.length });
  };
  app.get('/api/spend', async (c) => {
    const q = parse(spendQuery, c.req.query(), 'query');
    const rows = await reads.spend(q.from, q.to);
    return c.json({
      rows: rows.map((r) => ({
        month: r.month,
        channel: r.channel,
        campaign: r.campaign,
        amount: r.amount_cents / 100,
        currency: r.currency,
        updatedAt: r.updated_at,
      })),
    });
  });
  app.put('/api/spend', jsonBody(spendBody), (c) => save(c, c.var.body.rows, 'spend.saved'));
  app.post('/api/spend.csv', jsonBody(csvBody), (c) => save(c, spendEntriesFromCsv(c.var.body.csv), 'spend.imported'));
  return app;
}
