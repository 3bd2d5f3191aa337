import { gunzipSync } from 'node:zlib';
import type { Context } from 'hono';
import { badRequest, payloadTooLarge, unsupportedMediaType } from '../errors.js';
import { parseJsonBytes } from '../http/body.js';

/**
 * The request body as JSON (strict UTF-8, like every route's). RudderStack's and some Segment libraries gzip their batches
 * (`Content-Encoding: gzip`): the limit then holds for the compressed body (checked by the
 * body-limit middleware before this runs) and again for the inflated one, so a small bomb cannot
 * inflate past it. The body must be UTF-8, and nest at most MAX_JSON_DEPTH levels with no lone
 * surrogate anywhere (json-shape.ts), before any schema or recursive code sees it.
 */
export async function readJson(c: Context, maxBytes: number): Promise<{ json: unknown; bytes: number }> {
  let buffer = Buffer.from(await c.req.arrayBuffer());
  const encoding = (c.req.header('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding === 'gzip') {
    try {
      buffer = gunzipSync(buffer, { maxOutputLength: maxBytes });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw payloadTooLarge(maxBytes);
      throw badRequest('body is not valid gzip');
    }
  } else if (encoding !== 'identity') {
    throw unsupportedMediaType(`content encoding "${encoding}" is not supported (send identity or gzip)`);
  }
  if (buffer.length > maxBytes) throw payloadTooLarge(maxBytes);
  return { json: parseJsonBytes(buffer), bytes: buffer.length };
}
