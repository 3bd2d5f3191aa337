/**
 * CSV as RFC 4180 writes it: fields separated by commas, records ended by CRLF, a field quoted when
 * it holds a comma, a quote, CR or LF (quotes doubled). Text that a spreadsheet would run as a
 * formula (starting with =, +, -, @, or a tab or CR that some strip first) gets a leading
 * apostrophe (OWASP's advice); numbers we write ourselves are never prefixed, so -5 stays a number.
 */
export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvRecord = (values: readonly CsvValue[]): string => `${values.map(csvCell).join(',')}\r\n`;

/** A column: its header and how a row gives its value. */
export type CsvColumn<T> = readonly [header: string, value: (row: T) => CsvValue];

export const csvHeader = <T>(columns: readonly CsvColumn<T>[]) => csvRecord(columns.map(([h]) => h));
export const csvRows = <T>(columns: readonly CsvColumn<T>[], rows: readonly T[]) =>
  rows.map((row) => csvRecord(columns.map(([, value]) => value(row)))).join('');

/** An ISO timestamp (UTC) for epoch ms, empty for null. */
export const isoTime = (ms: number | null | undefined): string | null =>
  ms === null || ms === undefined ? null : new Date(ms).toISOString();
