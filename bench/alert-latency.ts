import { serve, type ServerType } from '@hono/node-server';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { testConfig } from '../collector/config/index.js';
import { createKindling, type Kindling } from '../collector/kindling.js';
import { percentile, table } from './stats.js';

/**
 * Alert latency: from the acknowledgement (202) of the POST /e that makes a lead SQL to the
 * webhook's arrival at a local receiver. Everything runs in this process over real loopback HTTP:
 * the collector on @hono/node-server, the client's fetch, and a node:http receiver. The target
 * is p99 < 200 ms. A webhook can arrive before the client has read its 202 (the sender starts
 * right after the commit, while the answer is still on its way); such samples count as 0 ms.
 */

export interface AlertLatencyOptions {
  /** Leads made SQL, one after another. */
  leads?: number;
  /** How long to wait for a webhook before giving up on it. */
  timeoutMs?: number;
}

export interface AlertLatencyResult {
  p50Ms: number;
  p99Ms: number;
  /** Webhooks measured. */
  n: number;
  maxMs: number;
  /** Webhooks that arrived before the client had its 202. */
  beforeAck: number;
}

export const buyerEmail = (i: number) => `buyer${i}@bench-corp${i}.example`;

/** One browser, one batch: identify a senior buyer with budget and timeline, then request a demo. */
export function sqlBatch(i: number, origin: string, now = Date.now()): Record<string, unknown> {
  const id = (suffix: string) => `b${now.toString(36)}${i.toString(36)}${suffix}`;
  return {
    s: 'demo',
    v: `0190a6f1e2b37c4d8e9f${i.toString(16).padStart(12, '0')}`,
    ss: `s${i}`,
    e: [
      { i: id('p'), t: 'pageview', ts: now, u: `${origin}/pricing` },
      {
        i: id('i'),
        t: 'identify',
        ts: now,
        u: `${origin}/pricing`,
        em: buyerEmail(i),
        tr: { name: `Buyer ${i}`, title: 'VP Engineering', company: `Bench Corp ${i}`, budget: 'approved', timeline: 'this quarter' },
      },
      { i: id('f'), t: 'form', ts: now, u: `${origin}/demo-request`, f: { id: 'demo-request', fl: { message: 'Show us a demo' } } },
    ],
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export async function measureAlertLatency(options: AlertLatencyOptions = {}): Promise<AlertLatencyResult> {
  const leads = options.leads ?? 200;
  const timeoutMs = options.timeoutMs ?? 5000;
  /** Arrival time per lead email, and who is waiting for it. */
  const arrivals = new Map<string, number>();
  const waiting = new Map<string, () => void>();

  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      res.writeHead(204).end();
      const email = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { lead?: { email?: string } }).lead?.email;
      if (!email) return;
      arrivals.set(email, at);
      waiting.get(email)?.();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const receiverPort = (receiver.address() as AddressInfo).port;

  const dir = mkdtempSync(join(tmpdir(), 'kindling-bench-'));
  const config = testConfig(
    {
      webhooks: { allowPrivateTargets: 'loopback', endpoints: [{ url: `http://127.0.0.1:${receiverPort}/hook` }] } as never,
      // Every lead comes from 127.0.0.1 here: the per-IP limit would measure itself.
      rateLimit: { enabled: false, requestsPerSecond: 20, burst: 100 },
    },
    { KINDLING_DB: join(dir, 'kindling.db') },
  );
  const kindling: Kindling = await createKindling(config, { log: () => {} });
  let server!: ServerType;
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: kindling.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port));
  });
  const base = `http://127.0.0.1:${port}`;
  const origin = 'http://localhost:3000';

  /** Resolves when the webhook for this lead has arrived. */
  const arrival = (email: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(email);
        reject(new Error(`no webhook for ${email} within ${timeoutMs} ms`));
      }, timeoutMs);
      waiting.set(email, () => {
        clearTimeout(timer);
        waiting.delete(email);
        resolve();
      });
    });
  const samples: number[] = [];
  let beforeAck = 0;
  try {
    for (let i = 0; i < leads; i++) {
      const email = buyerEmail(i);
      const response = await fetch(`${base}/e`, {
        method: 'POST',
        headers: {
          'content-type': 'text/plain;charset=UTF-8',
          origin,
          'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
        },
        body: JSON.stringify(sqlBatch(i, origin)),
      });
      const ackAt = performance.now();
      if (response.status !== 202) throw new Error(`POST /e answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
      if (!arrivals.has(email)) await arrival(email);
      const latency = arrivals.get(email)! - ackAt;
      if (latency < 0) beforeAck++;
      samples.push(Math.max(0, latency));
    }
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await kindling.close();
    receiver.closeAllConnections();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  }
  samples.sort((a, b) => a - b);
  return {
    p50Ms: round2(percentile(samples, 50)),
    p99Ms: round2(percentile(samples, 99)),
    n: samples.length,
    maxMs: round2(samples.at(-1) ?? NaN),
    beforeAck,
  };
}

/** The result as the CLI prints it: a table, not raw JSON. */
export function alertTable(r: AlertLatencyResult): string {
  return table([
    ['alert latency (202 → webhook received)', 'leads', 'p50 ms', 'p99 ms', 'max ms', 'before the 202'],
    ['one SQL-making batch at a time', r.n, r.p50Ms, r.p99Ms, r.maxMs, r.beforeAck],
  ]);
}

// `npm run bench:alerts [-- leads=1000]`; other benchmarks import measureAlertLatency instead.
if (process.argv[1]?.endsWith('alert-latency.js')) {
  const args = Object.fromEntries(process.argv.slice(2).map((a) => a.split('=') as [string, string]));
  measureAlertLatency({ leads: Number(args.leads ?? 1000) }).then(
    (r) => console.log(alertTable(r)),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
