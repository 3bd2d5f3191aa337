// Builds the snippet (snippet/src/index.ts → one minified IIFE). Used by build.mjs and by tests
// (the size budget test builds in memory; collector tests build dist/snippet/k.js before serving it).
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SNIPPET_OUTFILE = join(root, 'dist/snippet/k.js');
/** The full build's budget, gzip level 9 (issue 4). */
export const SNIPPET_BUDGET_GZIP_BYTES = 2400;

/** Every compile-time flag, all on in the shipped k.js (see snippet/src/flags.ts). */
export const FULL_FLAGS = { KN_SPA: true, KN_ENGAGE: true, KN_LINKS: true, KN_FORMS: true, KN_DEBUG: false };

/**
 * Builds the snippet with `flags` (merged over FULL_FLAGS) into `outfile`, or in memory when
 * outfile is null. Returns the code.
 */
export async function buildSnippet({ flags = {}, outfile = SNIPPET_OUTFILE } = {}) {
  const define = Object.fromEntries(Object.entries({ ...FULL_FLAGS, ...flags }).map(([k, v]) => [k, JSON.stringify(v)]));
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['snippet/src/index.ts'],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020'],
    legalComments: 'none',
    logLevel: 'warning',
    define,
    // tsconfig's strict mode would add a "use strict" prologue: 13 bytes the IIFE does not need.
    tsconfigRaw: { compilerOptions: { alwaysStrict: false } },
    write: outfile != null,
    ...(outfile != null ? { outfile } : { outdir: 'out' }),
    metafile: false,
  });
  if (outfile == null) return result.outputFiles[0].text;
  const { readFile } = await import('node:fs/promises');
  return readFile(outfile, 'utf8');
}
