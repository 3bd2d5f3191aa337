import { describe, expect, it } from 'vitest';
import { csvResponse, cursorPages } from './stream.js';
import type { CsvColumn } from './format.js';

const ROWS = 100_000;
const PAGE = 500;
const columns: CsvColumn<number>[] = [
  ['n', (n) => n],
  ['label', (n) => `row ${n}`],
];

/** A cursor-paged source of ROWS rows that records how many pages were read and whether it was closed. */
function source() {
  const seen = { pages: 0, closed: false };
  const pages = cursorPages<number>(async (cursor) => {
    seen.pages++;
    const from = Number(cursor ?? 0);
    const rows = Array.from({ length: Math.min(PAGE, ROWS - from) }, (_, i) => from + i);
    return { rows, next: from + PAGE < ROWS ? String(from + PAGE) : null };
  });
  const tracked = (async function* () {
    try {
      yield* pages;
    } finally {
      seen.closed = true;
    }
  })();
  return { seen, pages: tracked };
}

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

describe('streamed CSV', () => {
  it('reads a page from the source only when the client takes the previous one, and stops when the client goes', async () => {
    const { seen, pages } = source();
    const res = csvResponse('leads.csv', columns, pages);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="leads.csv"');
    const reader = res.body!.getReader();
    expect(decoder.decode((await reader.read()).value)).toBe('\uFEFFn,label\r\n');
    expect(seen.pages).toBe(0);
    const first = decoder.decode((await reader.read()).value);
    expect(first.split('\r\n').slice(0, 2)).toEqual(['0,row 0', '1,row 1']);
    expect(seen.pages).toBe(1);
    await reader.read();
    expect(seen.pages).toBe(2);
    await reader.cancel();
    expect(seen.closed).toBe(true);
    expect(seen.pages).toBe(2);
  });

  it('writes all 100,000 rows in order when read to the end', async () => {
    const { seen, pages } = source();
    const text = await csvResponse('leads.csv', columns, pages).text();
    const lines = text.split('\r\n');
    expect(lines.length).toBe(ROWS + 2); // header, rows, and the empty string after the last CRLF
    expect(lines[ROWS]).toBe(`${ROWS - 1},row ${ROWS - 1}`);
    expect(seen).toEqual({ pages: ROWS / PAGE, closed: true });
  });
});
