import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { staticRoutes, DASHBOARD_CSP } from './static.js';

function appWith(files: Record<string, string>): Hono {
  const root = mkdtempSync(join(tmpdir(), 'kindling-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(root, name), body);
  const app = new Hono();
  app.route('/', staticRoutes({ root }));
  app.get('/healthz', (c) => c.text('ok'));
  app.notFound((c) => c.text('nope', 404));
  return app;
}

describe('dashboard static files', () => {
  const app = appWith({ 'index.html': '<!doctype html><title>k</title>', 'app.js': 'export{}', 'app.css': 'body{}', 'secret.env': 'X=1' });

  it('serves index.html at / and files with their content types', async () => {
    const index = await app.request('/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toContain('<title>k</title>');
    expect((await app.request('/app.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await app.request('/app.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await app.request('/index.html')).status).toBe(200);
  });

  it('sends a strict content security policy and revalidation headers', async () => {
    const res = await app.request('/');
    expect(res.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    expect(DASHBOARD_CSP).toContain("script-src 'self'");
    expect(DASHBOARD_CSP).not.toMatch(/script-src[^;]*unsafe/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers 304 to a browser that already has the file', async () => {
    const first = await app.request('/app.js');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await app.request('/app.js', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect((await app.request('/app.js', { headers: { 'if-none-match': '"stale"' } })).status).toBe(200);
  });

  it('falls through to other routes and never serves unknown types or paths outside the folder', async () => {
    expect(await (await app.request('/healthz')).text()).toBe('ok');
    expect((await app.request('/secret.env')).status).toBe(404);
    expect((await app.request('/missing.js')).status).toBe(404);
    expect((await app.request('/..%2Fpackage.json')).status).toBe(404);
    expect((await app.request('/%2e%2e/package.json')).status).toBe(404);
  });

  it('says how to build when the dashboard is missing', async () => {
    const res = await appWith({}).request('/');
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/npm run build/);
  });
});
