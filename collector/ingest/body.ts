import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { badRequest, payloadTooLarge } from '../errors.js';

/**
 * Reads a request body of at most `maxBytes` into one Buffer, straight from Node's IncomingMessage.
 *
 * Why not `hono/body-limit` + `c.req.arrayBuffer()`: the middleware touches `c.req.raw.body`, which
 * makes @hono/node-server build a full undici Request and web stream for every request (measured at
 * most of the per-request cost of a bare handler). Reading the socket's chunks directly keeps
 * `/e` on the adapter's fast path. A declared Content-Length over the cap is refused before any byte
 * is read; a chunked body is counted as it arrives and refused at the first byte over the cap.
 * Without a Node request (`app.request()` in tests) the body is already in memory: read it, then check.
 */
export async function readBody(c: Context, maxBytes: number): Promise<Buffer> {
  const declared = c.req.header('content-length');
  if (declared !== undefined && Number(declared) > maxBytes) throw payloadTooLarge(maxBytes);
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming || typeof incoming.on !== 'function') {
    const body = Buffer.from(await c.req.arrayBuffer());
    if (body.length > maxBytes) throw payloadTooLarge(maxBytes);
    return body;
  }
  return readIncoming(incoming, maxBytes);
}

function readIncoming(incoming: IncomingMessage, maxBytes: number): Promise<Buffer> {
  if (incoming.readableEnded) return Promise.reject(badRequest('the request body was already read'));
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (finish: () => void) => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onCut);
      incoming.off('close', onClose);
      finish();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return settle(() => reject(payloadTooLarge(maxBytes)));
      chunks.push(chunk);
    };
    const onEnd = () => settle(() => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    const onCut = () => settle(() => reject(badRequest('the request body was cut off')));
    const onClose = () => {
      if (!incoming.readableEnded) onCut();
    };
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onCut);
    incoming.on('close', onClose);
  });
}
