import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import Database from 'better-sqlite3';
import { buildCollector, startServerProcess } from './support/server-process.js';
import { HUMAN_USER_AGENT } from './support/browser.js';
import { demoConfig } from '../collector/config/demo.js';

const headers = { 'content-type': 'text/plain', origin: 'http://localhost:3000', 'user-agent': HUMAN_USER_AGENT };
let seq = 0;
function makeBatch(size: number, client: number): { ids: string[]; body: string } {
  const ids = Array.from({ length: size }, () => `c${client}x${(seq++).toString(36)}`);
  const v = `0190a6f1e2b37c4d8e9fa0b1c2d3e4${client.toString(16).padStart(2, '0')}`;
  const e = ids.map((i) => ({ i, t: 'pageview', ts: Date.now(), u: `http://localhost:3000/p/${i}` }));
  return { ids, body: JSON.stringify({ s: 'demo', v, e }) };
}

/**
 * Both ways of storing: the collector's one writer, and the writer thread (`writer.thread`), whose
 * acknowledgement crosses a thread and whose SIGTERM flush is the thread's.
 */
describe.each([{ thread: false }, { thread: true }])('durability (writer thread: $thread)', ({ thread }) => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(() => {
    buildCollector();
    dir = mkdtempSync(join(tmpdir(), 'kindling-crash-'));
    // The load comes from one IP: switch the rate limit off for this test.
    const config = { ...demoConfig, rateLimit: { enabled: false }, writer: { thread } };
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    env = {
      KINDLING_DB: join(dir, 'k.db'),
      KINDLING_CONFIG: join(dir, 'config.json'),
      KINDLING_ADMIN_TOKEN: 'test-admin-token-0123456789',
    };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function storedIds(): Map<string, number> {
    const db = new Database(env.KINDLING_DB!, { readonly: true });
    const rows = db.prepare('SELECT event_id, COUNT(*) AS n FROM events GROUP BY event_id').all() as { event_id: string; n: number }[];
    db.close();
    return new Map(rows.map((r) => [r.event_id, r.n]));
  }

  it('keeps every acknowledged event exactly once across a SIGKILL under load', async () => {
    const server = await startServerProcess(env);
    const acked: string[] = [];
    const sent: { ids: string[]; body: string }[] = [];
    let stop = false;
    const client = async (n: number) => {
      while (!stop) {
        const b = makeBatch(n % 2 ? 1 : 20, n);
        sent.push(b);
        try {
          const res = await fetch(`${server.url}/e`, { method: 'POST', headers, body: b.body });
          if (res.status === 202) acked.push(...b.ids);
        } catch {
          // connection cut by the kill: not acknowledged, may or may not be stored
        }
      }
    };
    const clients = Array.from({ length: 8 }, (_, i) => client(i));
    await new Promise((r) => setTimeout(r, 1500));
    server.child.kill('SIGKILL');
    stop = true;
    await Promise.all(clients);
    expect(await server.exited).toBe('SIGKILL');
    expect(acked.length).toBeGreaterThan(100);

    // Restart on the same file: every acknowledged event is there exactly once.
    const again = await startServerProcess(env);
    const stored = storedIds();
    const missing = acked.filter((id) => stored.get(id) !== 1);
    expect(missing).toEqual([]);

    // Clients retry everything they sent (acknowledged or not): still exactly once.
    for (const b of sent.slice(-50)) {
      const res = await fetch(`${again.url}/e`, { method: 'POST', headers, body: b.body });
      expect(res.status).toBe(202);
    }
    const after = storedIds();
    expect([...after.values()].every((n) => n === 1)).toBe(true);
    for (const b of sent.slice(-50)) for (const id of b.ids) expect(after.get(id)).toBe(1);

    const health = (await (await fetch(`${again.url}/healthz`)).json()) as { ok: boolean; schemaVersion: number };
    expect(health.ok).toBe(true);
    expect(health.schemaVersion).toBeGreaterThanOrEqual(1);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  }, 60_000);

  it('on SIGTERM finishes in-flight requests, flushes the writer, closes the database and exits 0', async () => {
    const server = await startServerProcess(env);
    const b = makeBatch(20, 99);
    // A request whose body is still arriving when SIGTERM comes: its headers go first, the rest of the
    // body only once the collector has said it is stopping, so the request is in flight for certain
    // (a connection whose request has not arrived yet is idle, and closing it loses nothing acknowledged).
    const socket = connect(server.port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    const closed = new Promise((r) => socket.on('close', r));
    const body = Buffer.from(b.body);
    const head = Object.entries({
      ...headers,
      host: `127.0.0.1:${server.port}`,
      'content-length': String(body.length),
      connection: 'close',
    })
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n');
    socket.write(`POST /e HTTP/1.1\r\n${head}\r\n\r\n`);
    socket.write(body.subarray(0, 10));
    await new Promise((r) => setTimeout(r, 500)); // let the collector parse the headers and start the request
    server.child.kill('SIGTERM');
    while (!server.output().includes('SIGTERM received')) await new Promise((r) => setTimeout(r, 10));
    socket.write(body.subarray(10)); // not end(): a half-closed request gets no answer from node:http
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 202/);
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('SIGTERM received');
    const stored = storedIds();
    for (const id of b.ids) expect(stored.get(id)).toBe(1);
    // closed cleanly: the file opens and passes an integrity check
    const db = new Database(env.KINDLING_DB!);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  }, 60_000);
});
