import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The floor of the ingest benchmark: a plain node:http handler that reads the body of POST /e
 * and answers 204. No framework, no adapter: what HTTP on Node costs at all.
 */
const server = createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(req.method === 'POST' && req.url === '/e' ? 204 : 404).end();
  });
});
server.listen(0, '127.0.0.1', () => console.log(`node:http listening on http://127.0.0.1:${(server.address() as AddressInfo).port}/`));
