import { describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../collector/paths.js';
import { wireBatchSchema } from '../collector/ingest/wire.js';
import { responseLength, runLoad } from './load.js';
import { percentile, summarize, table } from './stats.js';
import { bodyMaker } from './ingest.js';
import { COLLECTOR_NODE_FLAGS } from './processes.js';

describe('the load generator', () => {
  it('finds the end of a response by content length, chunked ending, or none', () => {
    const head = (h: string) => Buffer.from(`HTTP/1.1 202 Accepted\r\n${h}\r\n\r\n`);
    expect(responseLength(Buffer.concat([head('content-length: 11'), Buffer.from('{"ok":true}')]))).toBe(head('content-length: 11').length + 11);
    expect(responseLength(Buffer.concat([head('content-length: 11'), Buffer.from('{"ok"')]))).toBe(0);
    expect(responseLength(Buffer.from('HTTP/1.1 204 No Content\r\ndate: x\r\n\r\nHTTP/1.1'))).toBe('HTTP/1.1 204 No Content\r\ndate: x\r\n\r\n'.length);
    const chunked = Buffer.concat([head('transfer-encoding: chunked'), Buffer.from('4\r\nabcd\r\n0\r\n\r\n')]);
    expect(responseLength(chunked)).toBe(chunked.length);
    expect(responseLength(Buffer.from('HTTP/1.1 200 OK\r\ncontent-le'))).toBe(0);
  });

  it('keeps connections busy, counts every answer by status and times them', async () => {
    let served = 0;
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        served++;
        bodies.push(body);
        res.writeHead(served % 10 === 0 ? 429 : 204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const result = await runLoad({ port, path: '/e', body: bodyMaker('t', 3), connections: 4, durationMs: 400, warmupMs: 100 });
    server.close();
    expect(result.errors).toBe(0);
    expect(result.requests).toBeGreaterThan(20);
    expect(result.requests).toBeLessThanOrEqual(served);
    expect((result.statuses['204'] ?? 0) + (result.statuses['429'] ?? 0)).toBe(result.requests);
    expect(result.statuses['429']).toBeGreaterThan(0);
    expect(result.p50).toBeGreaterThan(0);
    expect(result.p99).toBeGreaterThanOrEqual(result.p50);
    // Every body is a valid batch with ids never used before.
    const ids = bodies.flatMap((b) => wireBatchSchema.parse(JSON.parse(b)).e.map((e) => e.i));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('makes event ids in sort order, like the snippet’s time-ordered ones', () => {
    const make = bodyMaker('x', 20);
    const ids = Array.from({ length: 200 }, () => (JSON.parse(make()) as { e: { i: string }[] }).e.map((e) => e.i)).flat();
    expect([...ids].sort()).toEqual(ids);
  });
});

describe('statistics and the table', () => {
  it('takes nearest-rank percentiles', () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(summarize([3, 1, 2])).toEqual({ p50: 2, p95: 3, p99: 3, max: 3 });
    expect(Number.isNaN(summarize([]).p50)).toBe(true);
  });

  it('aligns numbers right and text left', () => {
    expect(table([['name', 'n'], ['a', 1234], ['bb', 5.5]])).toBe(['name  n    ', '────  ─────', 'a     1,234', 'bb     5.50'].join('\n'));
  });
});

it('npm start runs the collector with the Node flags the benchmark measures', () => {
  const start = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start!;
  for (const flag of COLLECTOR_NODE_FLAGS) expect(start).toContain(`node ${flag} dist/collector/main.js`);
});
