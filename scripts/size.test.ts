import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSnippet, SNIPPET_OUTFILE } from '../snippet/build.mjs';
import { projectRoot } from '../collector/paths.js';
import { sizes } from './size.mjs';

describe('npm run size', () => {
  beforeAll(() => buildSnippet());

  it('prints the raw, gzip -9 and brotli bytes of dist/snippet/k.js', () => {
    const out = execFileSync(process.execPath, ['scripts/size.mjs'], { cwd: projectRoot, encoding: 'utf8' });
    const code = readFileSync(SNIPPET_OUTFILE);
    const gzip = gzipSync(code, { level: 9 }).length;
    const brotli = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    expect(out).toContain(`raw      ${code.length} bytes`);
    expect(out).toContain(`gzip -9  ${gzip} bytes  (budget 2200: ${2200 - gzip} to spare)`);
    expect(out).toContain(`brotli   ${brotli} bytes`);
    expect(sizes(code)).toEqual({ raw: code.length, gzip, brotli });
  });
});
