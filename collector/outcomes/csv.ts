import { parse } from 'csv-parse/sync';
import { CSV_MAPPINGS, outcomeOfStage, type CsvCrm, type CsvMapping } from './mappings.js';
import { MAX_OUTCOME_ROWS, parseAmount, type OutcomeRowInput } from './rows.js';
import { badRequest } from '../errors.js';

const EMAIL_IN_TEXT = /[^\s<>()",;:]+@[^\s<>()",;:]+\.[^\s<>()",;:]+/;

/** One CSV data row: what it maps to, or why it cannot. Rows are numbered from 1, the header not counted. */
export type MappedRow = { row: number; input: OutcomeRowInput } | { row: number; reason: string };

/** The header of `names` present in the file (case and spaces ignored), if any. */
function pick(record: Record<string, string>, headers: Map<string, string>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const header = headers.get(name.trim().toLowerCase());
    const value = header === undefined ? undefined : record[header]?.trim();
    if (value) return value;
  }
  return undefined;
}

function mapRecord(
  mapping: CsvMapping,
  crm: CsvCrm,
  record: Record<string, string>,
  headers: Map<string, string>,
): OutcomeRowInput | string {
  const stage = pick(record, headers, mapping.stage);
  if (!stage) return `no ${mapping.stage.join(' / ')} value`;
  const outcome = outcomeOfStage(mapping, stage);
  if (!outcome) return `stage "${stage}" is not one ${crm} mapping knows`;
  const date = pick(record, headers, mapping.date[outcome]);
  if (!date) return `no ${mapping.date[outcome].join(' / ')} value for a ${outcome} row`;
  const emailCell = pick(record, headers, mapping.email);
  const amountCell = pick(record, headers, mapping.amount);
  const amount = amountCell === undefined ? undefined : parseAmount(amountCell);
  if (amount === null) return `amount "${amountCell}" is not a number`;
  const currency = pick(record, headers, mapping.currency);
  return {
    crm,
    outcome,
    date,
    ...(emailCell !== undefined && { email: EMAIL_IN_TEXT.exec(emailCell)?.[0] ?? emailCell }),
    ...(pick(record, headers, mapping.crmId) !== undefined && { crmId: pick(record, headers, mapping.crmId) }),
    ...(amount !== undefined && { amount }),
    ...(currency !== undefined && { currency }),
  };
}

/**
 * A CRM export's text → rows in the JSON route's shape. A file that is not CSV, has no data row
 * or more than MAX_OUTCOME_ROWS is a 400 (nothing recorded); a row that cannot be mapped is
 * reported with its number and the rest go on.
 */
export function mapCsv(crm: CsvCrm, text: string): MappedRow[] {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (err) {
    throw badRequest('the file is not CSV', [{ path: 'csv', message: (err as Error).message.slice(0, 200) }]);
  }
  if (records.length === 0) throw badRequest('the file has no data rows', [{ path: 'csv', message: 'a header and at least one row' }]);
  if (records.length > MAX_OUTCOME_ROWS)
    throw badRequest('too many rows', [{ path: 'csv', message: `at most ${MAX_OUTCOME_ROWS} rows per request; send the file in parts` }]);
  const headers = new Map(Object.keys(records[0]!).map((h) => [h.trim().toLowerCase(), h]));
  const mapping: CsvMapping = CSV_MAPPINGS[crm];
  return records.map((record, i) => {
    const mapped = mapRecord(mapping, crm, record, headers);
    return typeof mapped === 'string' ? { row: i + 1, reason: mapped } : { row: i + 1, input: mapped };
  });
}
