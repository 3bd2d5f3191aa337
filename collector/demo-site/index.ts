import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { Hono, type Context } from 'hono';
import { projectRoot } from '../paths.js';

/**
 * The demo marketing site (`demo/` at the project root), served at /demo/ so a newcomer can click
 * through a site with the snippet installed and watch themselves become a lead. Only files whose
 * type is in the table are served; anything that does not resolve inside the folder is a 404.
 */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8',
};

export interface DemoSiteOptions {
  /** The folder served; defaults to `<project root>/demo`. */
  root?: string;
  /** URL prefix without a trailing slash. */
  prefix?: string;
}

const MAX_PATH_LENGTH = 1024;

type Resolved = { kind: 'file'; path: string; size: number; mtimeMs: number } | { kind: 'dir' } | null;

/** Decodes the part of the URL after the prefix; null when it could reach outside the folder. */
export function safeRelativePath(encoded: string): string | null {
  if (encoded.length > MAX_PATH_LENGTH) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(encoded);
  } catch {
    return null;
  }
  if (/[\0\\]/.test(rel)) return null;
  const segments = rel.split('/');
  // No `.`/`..` segments and no hidden files; an empty segment is only allowed at the very end.
  if (segments.some((s, i) => s.startsWith('.') || (s === '' && i !== 0 && i !== segments.length - 1))) return null;
  return rel.replace(/^\/+/, '');
}

async function resolveFile(root: string, rel: string): Promise<Resolved> {
  const candidates = rel === '' || rel.endsWith('/') ? [`${rel}index.html`] : extname(rel) ? [rel] : [rel, `${rel}.html`];
  for (const candidate of candidates) {
    try {
      const real = await realpath(resolve(root, candidate));
      if (!real.startsWith(root + sep)) return null; // a link pointing out of the folder
      const info = await stat(real);
      if (info.isDirectory()) return { kind: 'dir' };
      if (info.isFile()) return { kind: 'file', path: real, size: info.size, mtimeMs: info.mtimeMs };
    } catch {
      // not there: try the next candidate
    }
  }
  return null;
}

export function demoSiteRoutes(options: DemoSiteOptions = {}): Hono {
  const prefix = options.prefix ?? '/demo';
  const rootPromise = realpath(options.root ?? join(projectRoot, 'demo')).catch(() => null);
  const app = new Hono();

  async function lookup(c: Context): Promise<{ resolved: Resolved; rel: string | null }> {
    const root = await rootPromise;
    const rel = safeRelativePath(c.req.path.slice(prefix.length));
    if (!root || rel === null) return { resolved: null, rel };
    return { resolved: await resolveFile(root, rel), rel };
  }

  app.on(['GET', 'HEAD'], prefix, (c) => c.redirect(`${prefix}/`, 301));
  app.on(['GET', 'HEAD'], `${prefix}/*`, async (c) => {
    const { resolved } = await lookup(c);
    if (resolved?.kind === 'dir') return c.redirect(`${c.req.path}/`, 301);
    const type = resolved && CONTENT_TYPES[extname(resolved.path).toLowerCase()];
    if (!resolved || !type) return c.notFound();
    const etag = `W/"${resolved.size.toString(16)}-${Math.floor(resolved.mtimeMs).toString(16)}"`;
    const headers = {
      'Content-Type': type,
      // Revalidate every time: the demo pages change while people work on them.
      'Cache-Control': 'no-cache',
      ETag: etag,
      'X-Content-Type-Options': 'nosniff',
    };
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
    if (c.req.method === 'HEAD') return c.body(null, 200, { ...headers, 'Content-Length': String(resolved.size) });
    return c.body(new Uint8Array(await readFile(resolved.path)), 200, headers);
  });
  // The site's forms post to a page. The snippet has already recorded the submit, so the body
  // is never read: answer with the page itself (Post/Redirect/Get).
  app.post(`${prefix}/*`, async (c) => {
    const { resolved } = await lookup(c);
    if (resolved?.kind !== 'file' || extname(resolved.path) !== '.html') return c.notFound();
    return c.redirect(c.req.path, 303);
  });
  return app;
}
