import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** One thing wrong with the input: where (`e.2.u`, `batch.3.traits.email`, `(root)`) and what. */
export interface ErrorDetail {
  path: string;
  message: string;
}

/**
 * The one error type of the collector. Anything thrown as a KindlingError becomes an exact
 * status code and the one error shape `{ error: { code, message, details: [] } }`; anything else
 * is a 500 of the same shape whose internals are logged, never sent.
 */
export class KindlingError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'KindlingError';
  }
}

export const badRequest = (message: string, details: readonly ErrorDetail[] = []) =>
  new KindlingError(400, 'bad_request', message, details);
export const unauthorized = (message = 'missing or invalid admin token') => new KindlingError(401, 'unauthorized', message);
export const forbidden = (message: string) => new KindlingError(403, 'forbidden', message);
export const notFound = (message: string) => new KindlingError(404, 'not_found', message);
export const conflict = (message: string) => new KindlingError(409, 'conflict', message);
export const payloadTooLarge = (maxBytes: number) => new KindlingError(413, 'payload_too_large', `body larger than ${maxBytes} bytes`);
export const unsupportedMediaType = (message: string) => new KindlingError(415, 'unsupported_media_type', message);
export const tooManyRequests = (retryAfterSeconds: number) =>
  new KindlingError(429, 'rate_limited', 'too many requests', [], {
    'Retry-After': String(retryAfterSeconds),
  });

/** The one body every error answer has. */
export function errorBody(code: string, message: string, details: readonly ErrorDetail[] = []) {
  return { error: { code, message, details } };
}

/** Hono `onError` handler: KindlingError → its status; everything else → 500 without internals. */
export function errorResponse(err: Error, c: Context, log: (msg: string) => void = console.error): Response {
  if (err instanceof KindlingError) return c.json(errorBody(err.code, err.message, err.details), err.status, err.headers);
  // The client went away mid-body (closed tab, lost network, broken chunking): not a server fault.
  if ((err as NodeJS.ErrnoException).code === 'ECONNRESET' || err.message === 'aborted') {
    return c.json(errorBody('bad_request', 'the request body was cut off'), 400);
  }
  // Hono raises HTTPException for some of its own checks; keep its status.
  const status = (err as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return c.json(errorBody('bad_request', err.message || 'bad request'), status as ContentfulStatusCode);
  }
  log(`kindling: unhandled error on ${c.req.method} ${c.req.path}: ${err.stack ?? err.message}`);
  return c.json(errorBody('internal', 'internal error'), 500);
}
