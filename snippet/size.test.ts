import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildSnippet, SNIPPET_BUDGET_GZIP_BYTES } from './build.mjs';

const gzip9 = (code: string) => gzipSync(code, { level: 9 }).length;

describe('snippet size budget', () => {
  it(`the full build is at most ${SNIPPET_BUDGET_GZIP_BYTES} bytes gzip -9`, async () => {
    const code = await buildSnippet({ outfile: null });
    const size = gzip9(code);
    console.log(`k.js: ${code.length} bytes raw, ${size} bytes gzip -9 (budget ${SNIPPET_BUDGET_GZIP_BYTES})`);
    expect(SNIPPET_BUDGET_GZIP_BYTES).toBe(2200);
    expect(size).toBeLessThanOrEqual(SNIPPET_BUDGET_GZIP_BYTES);
  });

  it('is one minified IIFE with every feature in it', async () => {
    const code = await buildSnippet({ outfile: null });
    expect(code.startsWith('(()=>{')).toBe(true);
    expect(code.trimEnd().endsWith('})();')).toBe(true);
    expect(code.split('\n').filter(Boolean)).toHaveLength(1);
    for (const needle of [
      'pageview',
      'engage',
      'download',
      'outbound',
      'submit',
      'identify',
      'track',
      'consent',
      'sendBeacon',
      'keepalive',
      'doNotTrack',
      'globalPrivacyControl',
      'data-kindling-ignore',
    ]) {
      expect(code).toContain(needle);
    }
    expect(code).not.toContain('console');
    expect(code).not.toMatch(/\bzod\b/); // the wire format is imported as types only
  });

  it("declares nothing in the page's global scope (terser's toplevel option once unwrapped the IIFE)", async () => {
    const code = await buildSnippet({ outfile: null });
    // A page without a script tag to boot from: the snippet stops (guarded) before it defines kindling.
    const page: Record<string, unknown> = { document: { currentScript: null }, location: {}, window: {}, navigator: {} };
    const before = Object.keys(page);
    runInNewContext(code, page);
    expect(Object.keys(page)).toEqual(before);
  });

  it.each([
    ['KN_FORMS', 'submit'],
    ['KN_LINKS', 'outbound'],
    ['KN_ENGAGE', 'engage'],
  ] as const)('compile-time flag %s=false drops that code (%s)', async (flag, needle) => {
    const full = await buildSnippet({ outfile: null });
    const without = await buildSnippet({ outfile: null, flags: { [flag]: false } });
    expect(without).not.toContain(needle);
    expect(gzip9(without)).toBeLessThan(gzip9(full));
  });

  it('KN_SPA=false leaves route changes out of the tick; KN_DEBUG=true reports swallowed errors', async () => {
    const full = await buildSnippet({ outfile: null });
    expect((await buildSnippet({ outfile: null, flags: { KN_SPA: false } })).length).toBeLessThan(full.length);
    expect(await buildSnippet({ outfile: null, flags: { KN_DEBUG: true } })).toContain('console.warn("kindling:"');
  });
});
