// `npm run size`: the size of the built snippet, dist/snippet/k.js (npm run size builds it first):
// raw bytes, gzip at level 9 (what the budget counts) and brotli at quality 11.
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { SNIPPET_BUDGET_GZIP_BYTES, SNIPPET_OUTFILE } from '../snippet/build.mjs';

/** Sizes in bytes of `code`. */
export function sizes(code) {
  const bytes = Buffer.from(code);
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { raw, gzip, brotli } = sizes(readFileSync(SNIPPET_OUTFILE));
  const left = SNIPPET_BUDGET_GZIP_BYTES - gzip;
  console.log(`dist/snippet/k.js
  raw      ${raw} bytes
  gzip -9  ${gzip} bytes  (budget ${SNIPPET_BUDGET_GZIP_BYTES}: ${left >= 0 ? `${left} to spare` : `${-left} OVER`})
  brotli   ${brotli} bytes`);
  if (left < 0) process.exitCode = 1;
}
