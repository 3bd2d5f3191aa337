import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { post } from './rescore-api.js';

const servers: ReturnType<typeof createServer>[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

async function serve(handler: Parameters<typeof createServer>[1]): Promise<number> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

it('posts with the admin token and reads the JSON answer; a refusal says its status and body', async () => {
  const port = await serve((req, res) => {
    if (req.headers.authorization !== 'Bearer bench-admin-token-0123456789') return void res.writeHead(401).end('{"error":"who"}');
    res
      .writeHead(req.url === '/api/rescore' ? 200 : 409, { 'content-type': 'application/json' })
      .end(req.url === '/api/rescore' ? '{"events":5}' : 'busy');
  });
  expect(await post(port, '/api/rescore')).toEqual({ events: 5 });
  await expect(post(port, '/api/other')).rejects.toThrow('POST /api/other → 409 busy');
});

it('names the path and the cause when the connection fails', async () => {
  const port = await serve((req) => req.socket.destroy());
  await expect(post(port, '/api/rescore')).rejects.toThrow(/^POST \/api\/rescore: socket hang up/);
});
