import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Delivery {
  id: string;
  type: string;
  /** Date.now() at arrival. */
  at: number;
}

export interface WebhookReceiver {
  url: string;
  deliveries: Delivery[];
  /** Deliveries so far, by payload type. */
  received(): Record<string, number>;
  /** Deliveries per webhook-id. */
  counts(): Map<string, number>;
  close(): Promise<void>;
}

/**
 * A local webhook endpoint that answers 204 and records each delivery (its `webhook-id`, payload type
 * and arrival), for collectors started as processes: the fleet test checks ids, the bench counts types.
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const deliveries: Delivery[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let type = 'unreadable';
      try {
        type = String((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { type?: unknown }).type ?? 'untyped');
      } catch {}
      deliveries.push({ id: String(req.headers['webhook-id']), type, at: Date.now() });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    deliveries,
    received() {
      const byType: Record<string, number> = {};
      for (const d of deliveries) byType[d.type] = (byType[d.type] ?? 0) + 1;
      return byType;
    },
    counts() {
      const counts = new Map<string, number>();
      for (const d of deliveries) counts.set(d.id, (counts.get(d.id) ?? 0) + 1);
      return counts;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
