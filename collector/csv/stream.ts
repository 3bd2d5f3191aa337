import { csvHeader, csvRows, type CsvColumn } from './format.js';

const encoder = new TextEncoder();
/** Excel reads a CSV as UTF-8 only with a byte order mark; other readers skip it. */
const BOM = '\uFEFF';

/**
 * A CSV body pulled page by page: the next page is read from the source only when the client has
 * taken the previous one (a ReadableStream's pull), so an export of 100k rows holds one page in
 * memory, and a client that goes away stops the reading (the generator is returned).
 */
export function csvStream<T>(columns: readonly CsvColumn<T>[], pages: AsyncGenerator<readonly T[]>): ReadableStream<Uint8Array> {
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(BOM + csvHeader(columns)));
          return;
        }
        const next = await pages.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(csvRows(columns, next.value)));
      },
      async cancel() {
        await pages.return(undefined);
      },
    },
    // One chunk ahead at most: nothing is read before the client asks.
    { highWaterMark: 0 },
  );
}

/** The response for a CSV download named `filename` (ASCII, ours). */
export function csvResponse<T>(filename: string, columns: readonly CsvColumn<T>[], pages: AsyncGenerator<readonly T[]>): Response {
  return new Response(csvStream(columns, pages), {
    headers: {
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    },
  });
}

/** Pages of a cursor-paged source, until it gives no next cursor. */
export async function* cursorPages<T>(
  page: (cursor: string | undefined) => Promise<{ rows: readonly T[]; next: string | null }>,
): AsyncGenerator<readonly T[]> {
  let cursor: string | undefined;
  for (;;) {
    const { rows, next } = await page(cursor);
    if (rows.length) yield rows;
    if (!next) return;
    cursor = next;
  }
}
