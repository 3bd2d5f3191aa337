import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../collector/paths.js';
import { buildCollector, startServerProcess } from './support/server-process.js';

const TOKEN = 'kt_process_dashboard_token_0123456789';
let dir: string;

beforeAll(() => {
  buildCollector();
  execFileSync(process.execPath, ['build.mjs', '--only=dashboard'], { cwd: projectRoot, stdio: 'inherit' });
  dir = mkdtempSync(join(tmpdir(), 'kindling-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the built collector serving the dashboard', () => {
  it('serves the page and its bundle, and SIGTERM ends open live streams at once', async () => {
    const server = await startServerProcess({ KINDLING_DB: join(dir, 'k.db'), KINDLING_ADMIN_TOKEN: TOKEN });
    try {
      const index = await fetch(`${server.url}/`);
      expect(index.status).toBe(200);
      expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await index.text();
      expect(html).toContain('<div id="app">');
      for (const [file, type] of [
        ['app.js', 'text/javascript; charset=utf-8'],
        ['app.css', 'text/css; charset=utf-8'],
        ['style.css', 'text/css; charset=utf-8'],
        ['favicon.svg', 'image/svg+xml'],
      ]) {
        expect(html).toContain(file);
        const res = await fetch(`${server.url}/${file}`);
        expect(res.status, file).toBe(200);
        expect(res.headers.get('content-type'), file).toBe(type);
      }

      const live = await fetch(`${server.url}/api/live`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(live.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      const reader = live.body!.getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toContain('event: hello');

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      // Without closing the stream, shutdown would wait for its 10 s fallback, which says so.
      expect(server.output()).not.toContain('closing anyway');
      expect((await reader.read().catch(() => ({ done: true }))).done).toBe(true);
    } finally {
      server.child.kill('SIGKILL');
    }
  }, 60_000);
});
