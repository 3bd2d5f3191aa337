import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { readBody } from './read-body.js';
import { errorResponse } from '../errors.js';

const MAX = 1024;
/** What the handler saw last: the body's length, or the error's status. */
let outcome: Promise<string>;
let server: ServerType;
let port = 0;

beforeAll(async () => {
  const app = new Hono();
  app.onError((err, c) => errorResponse(err, c, () => {}));
  app.post('/b', async (c) => {
    let report!: (s: string) => void;
    outcome = new Promise((r) => (report = r));
    try {
      const body = await readBody(c, MAX);
      report(`read ${body.length} ${body.subarray(0, 8).toString('latin1')}`);
      return c.json({ bytes: body.length });
    } catch (err) {
      report(`error ${(err as { status?: number }).status}`);
      throw err;
    }
  });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      port = info.port;
      resolve();
    });
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends raw bytes (in pieces) and returns what the server answered until it closes or answers. */
function raw(pieces: string[], { closeAfter = false } = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => {
      answer += d.toString('latin1');
      if (/\r\n\r\n/.test(answer)) socket.destroy();
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(answer));
    socket.on('connect', async () => {
      for (const p of pieces) {
        socket.write(p);
        await new Promise((r) => setTimeout(r, 5));
      }
      if (closeAfter) socket.destroy();
    });
  });
}

const head = (extra: string) => `POST /b HTTP/1.1\r\nhost: x\r\ncontent-type: text/plain\r\n${extra}\r\n`;

describe('readBody on a real server', () => {
  it('returns the exact bytes of a body sent in several pieces', async () => {
    const body = 'abcdefgh'.repeat(100);
    const answer = await raw([head(`content-length: ${body.length}\r\n`), body.slice(0, 300), body.slice(300)]);
    expect(answer).toMatch(/^HTTP\/1.1 200/);
    expect(await outcome).toBe('read 800 abcdefgh');
  });

  it('reads a chunked body', async () => {
    const answer = await raw([head('transfer-encoding: chunked\r\n'), '5\r\nhello\r\n', '3\r\nabc\r\n0\r\n\r\n']);
    expect(answer).toMatch(/^HTTP\/1.1 200/);
    expect(await outcome).toBe('read 8 helloabc');
  });

  it('refuses a declared length over the cap before any body byte arrives', async () => {
    // No body is ever sent: an answer proves the server did not wait to read it.
    const answer = await raw([head(`content-length: ${MAX + 1}\r\n`)]);
    expect(answer).toMatch(/^HTTP\/1.1 413/);
    expect(await outcome).toBe('error 413');
  });

  it('refuses a chunked body at the first chunk over the cap, without waiting for its end', async () => {
    const chunk = 'x'.repeat(600);
    const answer = await raw([head('transfer-encoding: chunked\r\n'), `258\r\n${chunk}\r\n`, `258\r\n${chunk}\r\n`]);
    expect(answer).toMatch(/^HTTP\/1.1 413/);
    expect(await outcome).toBe('error 413');
  });

  it('reports a client that disconnects mid-body as a bad request, not a crash', async () => {
    await raw([head('content-length: 500\r\n'), 'only a part'], { closeAfter: true });
    expect(await outcome).toBe('error 400');
  });

  it('checks the size after the fact without a Node request (app.request)', async () => {
    const app = new Hono();
    app.onError((err, c) => errorResponse(err, c, () => {}));
    app.post('/b', async (c) => c.json({ bytes: (await readBody(c, MAX)).length }));
    const ok = await app.request('/b', { method: 'POST', body: 'x'.repeat(MAX) });
    expect(await ok.json()).toEqual({ bytes: MAX });
    const tooBig = await app.request('/b', {
      method: 'POST',
      body: new Blob(['x'.repeat(MAX + 1)]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(tooBig.status).toBe(413);
  });
});
