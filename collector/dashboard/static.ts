import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { Hono } from 'hono';

/** Content types by extension: only these are served; anything else falls through to other routes. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The dashboard's only script is its own bundle; data is rendered as text by Preact, and this
 * policy is the second line of defence should anything ever be parsed as markup.
 * Styles allow 'unsafe-inline' because uPlot positions its cursor and legend with style attributes.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'Content-Security-Policy': DASHBOARD_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

/** One path segment, no dot-dot: file names are the whole attack surface, so keep them plain. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$/;

export interface StaticRoutesOptions {
  /** The built dashboard: dist/dashboard. */
  root: string;
}

/**
 * Serves the built single-page dashboard at `/` (index.html) and its files at `/<name>`.
 * The app routes with the URL hash, so no server-side fallback is needed. Files are read on each
 * request (they are small and the OS caches them) so a rebuild shows up without a restart, and
 * `no-cache` makes browsers revalidate instead of running a stale bundle against a newer API.
 */
export function staticRoutes({ root }: StaticRoutesOptions): Hono {
  const app = new Hono();

  async function serve(name: string, ifNoneMatch: string | undefined): Promise<Response | null> {
    const type = CONTENT_TYPES[extname(name).toLowerCase()];
    if (!type || !FILE_NAME.test(name) || name.includes('..')) return null;
    let body: Buffer;
    try {
      body = await readFile(join(root, name));
    } catch {
      return null;
    }
    // Revalidation is cheap: an unchanged file is a 304 without a body.
    const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
    const headers = { 'Content-Type': type, 'Cache-Control': 'no-cache', ETag: etag, ...SECURITY_HEADERS };
    if (ifNoneMatch === etag) return new Response(null, { status: 304, headers });
    return new Response(new Uint8Array(body), { headers });
  }

  app.get('/', async (c) => {
    const page = await serve('index.html', c.req.header('if-none-match'));
    if (page) return page;
    return c.text('The dashboard is not built yet: run `npm run build` (or `npm start`).', 404);
  });
  app.get('/:name', async (c, next) => (await serve(c.req.param('name'), c.req.header('if-none-match'))) ?? next());
  return app;
}
