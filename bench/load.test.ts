import { describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { wireBatchSchema } from '../collector/ingest/wire.js';
import { cpuUsPerRequest, responseLength, runLoad } from './load.js';
import { pairedRatio, percentile, spread, summarize, table } from './stats.js';
import { trafficMaker } from './traffic.js';

describe('the load generator', () => {
  it('finds the end of a response by content length, chunked ending, or none', () => {
    const head = (h: string) => Buffer.from(`HTTP/1.1 202 Accepted\r\n${h}\r\n\r\n`);
    expect(responseLength(Buffer.concat([head('content-length: 11'), Buffer.from('{"ok":true}')]))).toBe(
      head('content-length: 11').length + 11,
    );
    expect(responseLength(Buffer.concat([head('content-length: 11'), Buffer.from('{"ok"')]))).toBe(0);
    expect(responseLength(Buffer.from('HTTP/1.1 204 No Content\r\ndate: x\r\n\r\nHTTP/1.1'))).toBe(
      'HTTP/1.1 204 No Content\r\ndate: x\r\n\r\n'.length,
    );
    const chunked = Buffer.concat([head('transfer-encoding: chunked'), Buffer.from('4\r\nabcd\r\n0\r\n\r\n')]);
    expect(responseLength(chunked)).toBe(chunked.length);
    expect(responseLength(Buffer.from('HTTP/1.1 200 OK\r\ncontent-le'))).toBe(0);
  });

  it('keeps connections busy, counts every answer by status and times them', async () => {
    let served = 0;
    const bodies: string[] = [];
    // Stopped by count, not by the clock: on a busy machine 400 ms may hold only a few requests.
    let enough!: () => void;
    const sixty = new Promise<void>((r) => (enough = r));
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        served++;
        bodies.push(body);
        res.writeHead(served % 10 === 0 ? 429 : 204).end();
        if (served === 60) enough();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const result = await runLoad({
      port,
      path: '/e',
      body: trafficMaker({ runId: 't', eventsPerRequest: 3 }),
      connections: 4,
      durationMs: 600_000,
      warmupMs: 0,
      stopWhen: sixty,
    });
    server.close();
    expect(result.errors).toBe(0);
    expect(result.requests).toBeGreaterThanOrEqual(60);
    expect(result.requests).toBeLessThanOrEqual(served);
    expect((result.statuses['204'] ?? 0) + (result.statuses['429'] ?? 0)).toBe(result.requests);
    expect(result.statuses['429']).toBeGreaterThan(0);
    expect(result.p50).toBeGreaterThan(0);
    expect(result.p99).toBeGreaterThanOrEqual(result.p50);
    // Every body is a valid batch with ids never used before.
    const ids = bodies.flatMap((b) => wireBatchSchema.parse(JSON.parse(b)).e.map((e) => e.i));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('stops early when told, and counts an answer that comes late to a request sent in the window', async () => {
    let stalled = false;
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        // The first request waits (as behind a rescore) until the stop signal has been given.
        if (!stalled) {
          stalled = true;
          void released.then(() => setTimeout(() => res.writeHead(202, { 'content-length': '0' }).end(), 50));
        } else res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const stop = new Promise<void>((r) => setTimeout(r, 200)).then(release);
    const result = await runLoad({ port, path: '/e', body: () => '{}', connections: 2, durationMs: 60_000, warmupMs: 0, stopWhen: stop });
    server.close();
    expect(result.elapsedMs).toBeLessThan(30_000); // stopped by the signal, not after 60 s
    // The stalled request's answer came after the stop, and it counts (202: only that one).
    expect(result.statuses['202']).toBe(1);
    expect(result.statuses['202']! + result.statuses['204']!).toBe(result.requests);
  });

  it("divides the server's CPU over the measured window by the requests answered in it", async () => {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    // A CPU clock read twice: when the window opens (after the warm-up) and after the last answer.
    const readings = [12.25, 12.75];
    const read: number[] = [];
    const serverCpuSeconds = () => {
      const seconds = readings[read.length] ?? NaN;
      read.push(seconds);
      return seconds;
    };
    const stop = new Promise<void>((r) => setTimeout(r, 300));
    const result = await runLoad({
      port,
      path: '/e',
      body: () => '{}',
      connections: 2,
      durationMs: 60_000,
      warmupMs: 100,
      stopWhen: stop,
      serverCpuSeconds,
    });
    server.close();
    expect(read).toEqual(readings);
    expect(result.requests).toBeGreaterThan(0);
    expect(result.cpuUsPerRequest).toBeCloseTo(500_000 / result.requests, 6);
    // Without a CPU reading there is no figure, rather than a wrong one.
    expect(cpuUsPerRequest(null, 2, 10)).toBeNull();
    expect(cpuUsPerRequest(1, null, 10)).toBeNull();
    expect(cpuUsPerRequest(1, 2, 0)).toBeNull();
    expect(cpuUsPerRequest(1, 1.002, 20)).toBeCloseTo(100, 6);
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

  it('spreads rounds into min, median and max, keeping every round', () => {
    expect(spread([3, 1, 2])).toEqual({ min: 1, median: 2, max: 3, rounds: [3, 1, 2] });
    expect(spread([4, 1, 2, 10]).median).toBe(3);
    expect(Number.isNaN(spread([]).median)).toBe(true);
    // Ratios pair rounds measured back to back, then spread.
    expect(pairedRatio([10, 30, 8], [20, 30, 2])).toMatchObject({ min: 0.5, median: 1, max: 4 });
  });

  it('aligns numbers right and text left', () => {
    expect(
      table([
        ['name', 'n'],
        ['a', 1234],
        ['bb', 5.5],
      ]),
    ).toBe(['name  n    ', '────  ─────', 'a     1,234', 'bb     5.50'].join('\n'));
  });
});
