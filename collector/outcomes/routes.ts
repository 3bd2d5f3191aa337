import { Hono } from 'hono';
import { z } from 'zod';
import { actorFor } from '../api/principal.js';
import type { Engine } from '../engine/index.js';
import { jsonBody } from '../http/validate.js';
import type { Writer } from '../writer/index.js';
import { mapCsv } from './csv.js';
import { CSV_CRMS } from './mappings.js';
import { recordOutcomes, type NumberedRow, type RowProblem } from './record.js';
import { checkRow, MAX_OUTCOME_ROWS } from './rows.js';

/** The body cap of the outcome routes: a CSV export of MAX_OUTCOME_ROWS wide rows (HubSpot's run to dozens of columns). */
export const OUTCOMES_MAX_BYTES = 2 * 1024 * 1024;

// Each row is checked on its own (a bad row is reported by number, the rest recorded); the envelope as a whole.
const rowsBody = z.strictObject({ rows: z.array(z.unknown()).min(1).max(MAX_OUTCOME_ROWS) });
const csvBody = z.strictObject({
  crm: z.enum(CSV_CRMS),
  csv: z.string().min(1).max(OUTCOMES_MAX_BYTES),
  /** Map and check the rows only: what the import would record, nothing written. */
  preview: z.boolean().default(false),
});
/** Mapped rows a preview shows (the counts cover the whole file). */
const PREVIEW_ROWS = 20;

export interface OutcomeRoutesDeps {
  writer: Pick<Writer, 'transact'>;
  engine: Pick<Engine, 'core'>;
}

function checkAll(inputs: readonly { row: number; input: unknown }[], invalid: RowProblem[]): NumberedRow[] {
  const valid: NumberedRow[] = [];
  for (const { row, input } of inputs) {
    const checked = checkRow(input);
    if (checked.ok) valid.push({ row, value: checked.row });
    else invalid.push({ row, reason: checked.reason });
  }
  return valid;
}

/**
 * CRM outcomes in (issue 17, point 7): `POST /api/outcomes` takes rows as JSON (a CRM's API
 * integration), `POST /api/outcomes/csv` a CRM's export with the mapping to read it by (the
 * dashboard's import; JSON-wrapped so signed-in writes stay same-origin JSON). Both answer with
 * the import report; `preview` maps and checks without recording.
 */
export function outcomeRoutes(deps: OutcomeRoutesDeps) {
  const app = new Hono();
  const record = (c: Parameters<typeof actorFor>[0], rows: NumberedRow[], invalid: RowProblem[]) =>
    recordOutcomes({ writer: deps.writer, core: deps.engine.core }, rows, invalid, actorFor(c));

  app.post('/api/outcomes', jsonBody(rowsBody), async (c) => {
    const invalid: RowProblem[] = [];
    const rows = checkAll(
      c.var.body.rows.map((input, i) => ({ row: i + 1, input })),
      invalid,
    );
    return c.json(await record(c, rows, invalid));
  });

  app.post('/api/outcomes/csv', jsonBody(csvBody), async (c) => {
    const { crm, csv, preview } = c.var.body;
    const invalid: RowProblem[] = [];
    const mapped = mapCsv(crm, csv);
    for (const m of mapped) if ('reason' in m) invalid.push({ row: m.row, reason: m.reason });
    const rows = checkAll(
      mapped.flatMap((m) => ('input' in m ? [{ row: m.row, input: m.input }] : [])),
      invalid,
    );
    invalid.sort((a, b) => a.row - b.row);
    if (preview) return c.json({ rows: mapped.length, valid: rows.length, invalid, sample: rows.slice(0, PREVIEW_ROWS) });
    return c.json(await record(c, rows, invalid));
  });
  return app;
}
