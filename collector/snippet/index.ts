import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { notFound } from '../errors.js';
import { distDir } from '../paths.js';

export interface SnippetRouteOptions {
  /** The built snippet. Default: dist/snippet/k.js (`npm run build`). */
  file?: string;
  /**
   * How long a browser (or CDN) uses its copy without asking; after that it revalidates with the
   * ETag (a 304 costs a few bytes), and for staleWhileRevalidateS more it may use the old copy
   * while it does. /k.js has no version in its URL, so this bounds how long an update takes.
   */
  maxAgeS?: number;
  staleWhileRevalidateS?: number;
}

interface Representation {
  body: Buffer;
  etag: string;
}

/** One build of k.js in each content coding, made once per build (the file's mtime and size). */
interface Loaded {
  stamp: string;
  tag: string;
  codings: Record<'br' | 'gzip' | 'identity', Representation>;
}

/** Codings in order of preference: the smallest the browser accepts. */
const PREFERENCE = ['br', 'gzip'] as const;

function load(file: string, previous: Loaded | null): Loaded | null {
  let stamp: string;
  try {
    const stat = statSync(file);
    stamp = `${stat.mtimeMs}:${stat.size}`;
  } catch {
    return null;
  }
  if (previous?.stamp === stamp) return previous;
  const body = readFileSync(file);
  // A strong validator from the content: the same build gets the same ETag on every server.
  const tag = createHash('sha256').update(body).digest('base64url').slice(0, 22);
  return {
    stamp,
    tag,
    codings: {
      br: { body: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }), etag: `"${tag}-br"` },
      gzip: { body: gzipSync(body, { level: 9 }), etag: `"${tag}-gz"` },
      identity: { body, etag: `"${tag}"` },
    },
  };
}

/** Accept-Encoding → the preferred coding it allows (q=0 refuses one). */
export function negotiate(acceptEncoding: string | undefined): 'br' | 'gzip' | 'identity' {
  const accepted = new Set<string>();
  for (const part of (acceptEncoding ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name);
  }
  return PREFERENCE.find((coding) => accepted.has(coding) || accepted.has('*')) ?? 'identity';
}

/** If-None-Match names this build (in any coding: the content is the same), or is `*`. */
function matches(ifNoneMatch: string | undefined, tag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((candidate) => {
    const etag = candidate.trim().replace(/^W\//, '');
    return etag === '*' || etag === `"${tag}"` || etag === `"${tag}-br"` || etag === `"${tag}-gz"`;
  });
}

/**
 * GET /k.js: the built snippet, compressed (brotli or gzip, per Accept-Encoding), with a strong
 * ETag per build and coding, 304 on If-None-Match, caching headers, and the headers that let any
 * site load it (with or without crossorigin/SRI, also under COEP).
 */
export function snippetRoutes(options: SnippetRouteOptions = {}): Hono {
  const file = options.file ?? join(distDir, 'snippet', 'k.js');
  const cacheControl = `public, max-age=${options.maxAgeS ?? 3600}, stale-while-revalidate=${options.staleWhileRevalidateS ?? 86400}`;
  let loaded: Loaded | null = null;

  return new Hono().get('/k.js', (c) => {
    loaded = load(file, loaded);
    if (!loaded) throw notFound('the snippet is not built: run `npm run build`');
    const coding = negotiate(c.req.header('accept-encoding'));
    const { body, etag } = loaded.codings[coding];
    const headers: Record<string, string> = {
      'Cache-Control': cacheControl,
      ETag: etag,
      Vary: 'Accept-Encoding',
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'X-Content-Type-Options': 'nosniff',
    };
    if (matches(c.req.header('if-none-match'), loaded.tag)) return c.body(null, 304, headers);
    headers['Content-Type'] = 'text/javascript; charset=utf-8';
    if (coding !== 'identity') headers['Content-Encoding'] = coding;
    return c.body(new Uint8Array(body), 200, headers);
  });
}
