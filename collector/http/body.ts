import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { badRequest, payloadTooLarge } from '../errors.js';
import { jsonShapeIssues, mayHoldLoneSurrogate, withinDepth } from './json-shape.js';

/**
 * Refuses a body over `maxBytes` with 413 before anything reads it: a declared Content-Length is
 * judged from the header alone, a chunked body is cut off as soon as it passes the cap.
 */
export function bodyCap(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw payloadTooLarge(maxBytes);
    },
  });
}

// Strict UTF-8: a lenient decode would store U+FFFD in place of the bytes it could not read.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * JSON from raw bytes; a 400 for bytes that are not UTF-8, text that is not JSON, or a value nested too
 * deep or holding a lone surrogate (json-shape.ts) — before any schema or recursive code sees it.
 */
export function parseJsonBytes(bytes: Uint8Array | ArrayBuffer, what = 'body'): unknown {
  let text: string;
  let json: unknown;
  try {
    text = strictUtf8.decode(bytes);
    json = JSON.parse(text);
  } catch {
    throw badRequest(`${what} is not valid JSON (UTF-8)`);
  }
  // The full walk (paths of every issue) only when the cheap checks say there may be one: most
  // bodies have no surrogate escape and are shallow, and the walk costs about what JSON.parse does.
  if (!mayHoldLoneSurrogate(text) && withinDepth(json)) return json;
  const shape = jsonShapeIssues(json);
  if (shape.length) throw badRequest(`invalid ${what}`, shape);
  return json;
}

/**
 * The request body as JSON, read once (whatever the Content-Type says: the routes that care check
 * it first). `empty` is what a body with no bytes means; without it an empty body is a 400.
 */
export async function readJson(c: Context, options: { empty?: unknown } = {}): Promise<unknown> {
  const bytes = await c.req.arrayBuffer();
  if (bytes.byteLength === 0 && 'empty' in options) return options.empty;
  return parseJsonBytes(bytes);
}

/** A body cap for every path that starts with `prefix` (first match wins). */
export interface BodyCapRule {
  prefix: string;
  maxBytes: number;
}

/** One middleware for a table of caps, so a narrower route keeps its own limit under a wider group. */
export function bodyCaps(rules: readonly BodyCapRule[]): MiddlewareHandler {
  const caps = rules.map((rule) => ({ prefix: rule.prefix, cap: bodyCap(rule.maxBytes) }));
  return async (c, next) => {
    const rule = caps.find((r) => c.req.path.startsWith(r.prefix));
    return rule ? rule.cap(c, next) : next();
  };
}
