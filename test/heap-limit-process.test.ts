import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { buildCollector, startServerProcess } from './support/server-process.js';
import { HEAP_LIMIT_MB } from '../collector/heap-limit.js';
import { projectRoot } from '../collector/paths.js';

/**
 * `node dist/collector/main.js` with no flags (how a service manager or a container starts it):
 * the collector must still run under the heap limit, stop gracefully on SIGTERM and pass on exit codes.
 */
let dir: string;
beforeAll(() => {
  buildCollector();
  dir = mkdtempSync(join(tmpdir(), 'kindling-heap-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bannerLimitMb = (out: string) => Number(/heap limit\s+(\d+) MB/.exec(out)?.[1]);

describe('the collector started as plain node', () => {
  it('runs under the heap limit, answers, and exits 0 after SIGTERM', async () => {
    const server = await startServerProcess({ KINDLING_DB: join(dir, 'a.db'), KINDLING_ADMIN_TOKEN: 'test-admin-token-0123456789' });
    expect(bannerLimitMb(server.output())).toBeGreaterThan(0);
    expect(bannerLimitMb(server.output())).toBeLessThanOrEqual(HEAP_LIMIT_MB + 256);
    // The limit V8 reports includes the young generation: under V8's default for the worker (48 MB)
    // it reads HEAP_LIMIT_MB + 48, as with npm start's flag (below); bounded, it reads less.
    expect(bannerLimitMb(server.output())).toBeLessThan(HEAP_LIMIT_MB + 48);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('SIGTERM received');
  });

  it('loads the collector only on the thread that runs it: main.js is the launcher alone', () => {
    // Else the main thread of a process that starts the worker holds a second, idle copy of every
    // module (about 15 MB of its RSS; "Memory budget" in docs/ARCHITECTURE.md).
    const launcher = readFileSync(join(projectRoot, 'dist/collector/main.js'), 'utf8');
    expect(launcher.length).toBeLessThan(4096);
    expect(launcher).not.toMatch(/createKindling|from "hono"|better-sqlite3/);
    expect(launcher).toContain('./serve.js');
  });

  it('runs the collector on the main thread when the heap is already bounded (npm start’s flag)', async () => {
    const child = spawn(process.execPath, ['--max-old-space-size=1024', 'dist/collector/main.js'], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH ?? '', PORT: '0', KINDLING_DB: join(dir, 'c.db'), KINDLING_ADMIN_TOKEN: 'test-admin-token-0123456789' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    await expect.poll(() => /dashboard\s+http:\/\/[^:]+:(\d+)\//.exec(out)?.[1], { timeout: 20_000, interval: 50 }).toBeTruthy();
    const port = /dashboard\s+http:\/\/[^:]+:(\d+)\//.exec(out)![1];
    expect(bannerLimitMb(out)).toBe(HEAP_LIMIT_MB + 48);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('SIGTERM received');
  });

  it('keeps the configuration error exit code (78) and its message', async () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ sites: [{ key: 'x', origins: ['not a url'] }] }));
    const child = spawn(process.execPath, ['dist/collector/main.js'], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH ?? '', PORT: '0', KINDLING_DB: join(dir, 'b.db'), KINDLING_CONFIG: join(dir, 'bad.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(78);
    expect(out).toMatch(/sites\.0\.origins\.0/);
  });
});
