import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookReceiver {
  url: string;
  /** Deliveries received so far, by payload type. */
  received(): Record<string, number>;
  close(): Promise<void>;
}

/**
 * A local webhook endpoint for the collectors the bench starts, so alerts go through the outbox
 * and the sender as in production (a collector without endpoints skips that work).
 */
export async function startReceiver(): Promise<WebhookReceiver> {
  const counts: Record<string, number> = {};
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let type = 'unreadable';
      try {
        type = String((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { type?: unknown }).type ?? 'untyped');
      } catch {}
      counts[type] = (counts[type] ?? 0) + 1;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received: () => ({ ...counts }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
