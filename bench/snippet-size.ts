import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { distDir } from '../collector/paths.js';

export interface SnippetSize {
  rawBytes: number;
  gzipBytes: number;
  brotliBytes: number;
}

/** The built snippet (dist/snippet/k.js): raw, gzip -9 and brotli at maximum quality. */
export function snippetSize(path = join(distDir, 'snippet', 'k.js')): SnippetSize {
  const raw = readFileSync(path);
  return {
    rawBytes: raw.length,
    gzipBytes: gzipSync(raw, { level: 9 }).length,
    brotliBytes: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY } }).length,
  };
}
