import { connect, type Socket } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig } from '../collector/config/demo.js';
import { buildCollector, startServerProcess, type ServerProcess } from './support/server-process.js';

/**
 * The built collector as `npm start` runs it, over raw sockets: connection limits (issue 12.18),
 * the banner, and a sign-in body refused before it is read (12.11).
 */
const TOKEN = 'kt_server_edge_token_0123456789';
let dir: string;
let seq = 0;

beforeAll(() => {
  buildCollector();
  dir = mkdtempSync(join(tmpdir(), 'kindling-edge-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A server with a config file whose `server` section is `server`. */
async function start(server: Record<string, unknown> = {}, env: Record<string, string> = {}): Promise<ServerProcess> {
  const n = seq++;
  const configPath = join(dir, `config-${n}.json`);
  writeFileSync(configPath, JSON.stringify({ ...demoConfig, server }));
  return startServerProcess({ KINDLING_DB: join(dir, `k-${n}.db`), KINDLING_CONFIG: configPath, ...env });
}

async function stop(server: ServerProcess): Promise<void> {
  server.child.kill('SIGKILL');
  await server.exited;
}

/** A raw connection that records what the server sends and whether it closed. */
function open(port: number): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    let data = '';
    const socket = connect(port, '127.0.0.1');
    socket.on('data', (d) => (data += d.toString()));
    const closed = new Promise<void>((done) => socket.on('close', () => done()));
    socket.once('connect', () => resolve({ socket, received: () => data, closed }));
    socket.once('error', reject);
  });
}

/** Resolves once `text` has arrived on the connection. */
function receivedText(conn: { socket: Socket; received: () => string }, text: string): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (!conn.received().includes(text)) return;
      conn.socket.off('data', check);
      resolve();
    };
    conn.socket.on('data', check);
    check();
  });
}

describe('connections of the built collector', () => {
  it('cuts off a client that sends its headers too slowly, and one whose body never ends', async () => {
    const server = await start({ headersTimeoutMs: 1000, requestTimeoutMs: 2000 });
    try {
      const slowHeaders = await open(server.port);
      slowHeaders.socket.write('POST /e HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n');
      await slowHeaders.closed;
      expect(slowHeaders.received()).toMatch(/^(HTTP\/1\.1 408|$)/);

      const slowBody = await open(server.port);
      slowBody.socket.write('POST /e HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n{"s":"demo"');
      await slowBody.closed;
      expect(slowBody.received()).not.toContain('202');

      // The server itself is fine.
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await stop(server);
    }
  }, 30_000);

  it('refuses connections past server.maxConnections', async () => {
    const server = await start({ maxConnections: 2 });
    try {
      const held = [await open(server.port), await open(server.port)];
      // Answered requests prove the server has accepted both connections (they stay open: keep-alive).
      for (const conn of held) {
        conn.socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
        await receivedText(conn, '"ok":true');
      }
      const third = await open(server.port);
      third.socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
      await third.closed;
      expect(third.received()).toBe('');
      for (const conn of held) conn.socket.destroy();
    } finally {
      await stop(server);
    }
  }, 30_000);

  it('listens on server.host, and KINDLING_HOST overrides it', async () => {
    const server = await start({ host: '0.0.0.0' }, { KINDLING_HOST: '127.0.0.1' });
    try {
      expect(server.output()).toMatch(new RegExp(`listening\\s+127\\.0\\.0\\.1:${server.port}\\b`));
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await stop(server);
    }
  }, 30_000);

  it('answers 413 to a huge sign-in body from its Content-Length, without reading it', async () => {
    const server = await start();
    try {
      const conn = await open(server.port);
      // Declares 200 MB, sends 1 KB: an answer can only come from the header.
      conn.socket.write(
        `POST /auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${200 * 1024 * 1024}\r\n\r\n{"token":"${'x'.repeat(1000)}`,
      );
      await receivedText(conn, '\r\n\r\n');
      expect(conn.received()).toMatch(/^HTTP\/1\.1 413 /);
      conn.socket.destroy();
    } finally {
      await stop(server);
    }
  }, 30_000);
});

describe('the start banner', () => {
  it('prints the admin token it generated, and never one that came from the environment', async () => {
    const fromEnv = await start({}, { KINDLING_ADMIN_TOKEN: TOKEN });
    try {
      expect(fromEnv.output()).not.toContain(TOKEN);
      expect(fromEnv.output()).toMatch(/admin token\s+from KINDLING_ADMIN_TOKEN/);
    } finally {
      await stop(fromEnv);
    }
    const generated = await start();
    try {
      const token = generated.output().match(/admin token\s+(kt_\S+)/)?.[1];
      expect(token).toBeDefined();
      const res = await fetch(`${generated.url}/api/sites`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
    } finally {
      await stop(generated);
    }
  }, 30_000);
});
