/**
 * Reads CSV text as RFC 4180 writes it (format.ts is the other direction): commas between fields,
 * CRLF or LF between records, quoted fields may hold commas, quotes (doubled) and line breaks. A
 * leading byte-order mark is dropped (spreadsheets write one) and blank lines are skipped. Each
 * record keeps the line it started on, so an import can name the line of a bad row.
 */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

export function csvRecords(text: string): CsvRecord[] {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let quoted = false;
  let wasQuoted = false;
  const endField = () => {
    fields.push(field);
    field = '';
    wasQuoted = false;
  };
  const endRecord = () => {
    endField();
    if (fields.length > 1 || fields[0] !== '') records.push({ line: start, fields });
    fields = [];
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"') {
      if (field !== '' || wasQuoted) throw new CsvSyntaxError(line, 'a quote inside an unquoted field');
      quoted = wasQuoted = true;
    } else if (ch === ',') endField();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      start = ++line;
    } else if (wasQuoted) throw new CsvSyntaxError(line, 'text after a closing quote');
    else field += ch;
  }
  if (quoted) throw new CsvSyntaxError(start, 'a quoted field is not closed');
  endRecord();
  return records;
}
