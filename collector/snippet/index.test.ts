import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSnippet, SNIPPET_OUTFILE } from '../../snippet/build.mjs';
import { testConfig } from '../config/index.js';
import { errorResponse } from '../errors.js';
import { createKindling, type Kindling } from '../kindling.js';
import { negotiate, snippetRoutes } from './index.js';

describe('GET /k.js', () => {
  let kindling: Kindling;
  let built: string;
  beforeAll(async () => {
    built = await buildSnippet(); // dist/snippet/k.js, as `npm run build` makes it
    kindling = await createKindling(testConfig(), { log: () => {} });
  });
  afterAll(() => kindling.close());

  const get = (headers: Record<string, string> = {}, method = 'GET') => kindling.app.request('/k.js', { method, headers });

  it('serves the built snippet with caching headers and a strong ETag', async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600, stale-while-revalidate=86400');
    expect(res.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-encoding')).toBeNull();
    const body = await res.text();
    expect(body).toBe(readFileSync(SNIPPET_OUTFILE, 'utf8'));
    expect(body).toBe(built);
  });

  it('sends it brotli- or gzip-compressed when the browser accepts that', async () => {
    const br = await get({ 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe(built);
    const gz = await get({ 'accept-encoding': 'gzip' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(built);
    const tags = new Set([br.headers.get('etag'), gz.headers.get('etag'), (await get()).headers.get('etag')]);
    expect(tags.size).toBe(3); // one validator per representation
  });

  it('answers 304 without a body when If-None-Match names the build, in any coding or list form', async () => {
    const etag = (await get()).headers.get('etag')!;
    const brEtag = (await get({ 'accept-encoding': 'br' })).headers.get('etag')!;
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, brEtag, '*']) {
      const res = await get({ 'if-none-match': ifNoneMatch, 'accept-encoding': 'gzip' });
      expect(res.status, ifNoneMatch).toBe(304);
      expect(await res.text()).toBe('');
      expect(res.headers.get('etag')).toBe(etag.replace(/"$/, '-gz"'));
      expect(res.headers.get('cache-control')).toContain('max-age=3600');
    }
    const changed = await get({ 'if-none-match': '"an-older-build"' });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toBe(built);
  });

  it('answers HEAD with the headers only', async () => {
    const res = await get({}, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toMatch(/^"/);
    expect(await res.text()).toBe('');
  });
});

describe('snippetRoutes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kindling-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('picks up a new build (new ETag) and says 404 when there is none', async () => {
    const file = join(dir, 'k.js');
    const app = new Hono().onError((err, c) => errorResponse(err, c));
    app.route('/', snippetRoutes({ file, maxAgeS: 60, staleWhileRevalidateS: 0 }));
    const missing = await app.request('/k.js');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: 'not_found', message: 'the snippet is not built: run `npm run build`', details: [] },
    });
    writeFileSync(file, '(()=>{})();');
    const first = await app.request('/k.js');
    expect(first.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=0');
    expect(await first.text()).toBe('(()=>{})();');
    writeFileSync(file, '(()=>{1})();');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const second = await app.request('/k.js', { headers: { 'if-none-match': first.headers.get('etag')! } });
    expect(second.status).toBe(200);
    expect(await second.text()).toBe('(()=>{1})();');
    expect(second.headers.get('etag')).not.toBe(first.headers.get('etag'));
  });

  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip', 'gzip'],
    ['br', 'br'],
    ['gzip, br', 'br'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', 'identity'],
    ['*', 'br'],
    ['deflate', 'identity'],
  ] as const)('Accept-Encoding %j → %s', (header, coding) => {
    expect(negotiate(header)).toBe(coding);
  });
});
