import { serve } from '@hono/node-server';
import Database from 'better-sqlite3';
import { Hono } from 'hono';

/**
 * The naive peer: what anyone would write in an afternoon with the same parts. Hono on
 * @hono/node-server and better-sqlite3, WAL with synchronous = FULL (as durable as Kindling),
 * one INSERT per event in one transaction per request, answered after the commit. No identity,
 * no scoring, no outbox: the bar Kindling's whole pipeline is compared with.
 */
const db = new Database(process.env.NAIVE_DB ?? ':memory:');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec('CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY, site TEXT, visitor TEXT, type TEXT, ts INTEGER, url TEXT, body TEXT)');
const insert = db.prepare('INSERT OR IGNORE INTO events (id, site, visitor, type, ts, url, body) VALUES (?, ?, ?, ?, ?, ?, ?)');
type Batch = { s: string; v: string; e: { i: string; t: string; ts: number; u?: string }[] };
const store = db.transaction((b: Batch) => {
  for (const e of b.e) insert.run(e.i, b.s, b.v, e.t, e.ts, e.u ?? null, JSON.stringify(e));
});

const app = new Hono();
app.post('/e', async (c) => {
  let batch: Batch;
  try {
    batch = JSON.parse(await c.req.text()) as Batch;
    if (!Array.isArray(batch.e)) throw new Error('no events');
  } catch {
    return c.json({ error: 'bad batch' }, 400);
  }
  store(batch);
  return c.body(null, 202);
});
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
  console.log(`naive peer listening on http://127.0.0.1:${info.port}/`),
);
