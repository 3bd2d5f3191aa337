import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { summarize, type LatencySummary } from './stats.js';

/**
 * A small HTTP/1.1 load generator: C keep-alive connections, each sending its next request as
 * soon as the previous answer is complete (closed loop), for a fixed time after a warm-up.
 * Written on raw sockets because the client shares the machine's two cores with the server:
 * the less it spends per request, the more the numbers describe the server.
 */
export interface LoadOptions {
  port: number;
  method?: string;
  path: string | (() => string);
  headers?: Record<string, string>;
  /** A fresh body per request (e.g. with unique event ids); omit for GET. */
  body?: () => string;
  connections: number;
  durationMs: number;
  warmupMs?: number;
  /** Stops sending (before durationMs) once this settles, e.g. when a rescore being measured ends. */
  stopWhen?: Promise<unknown>;
  /**
   * The server's process CPU in seconds (user + system, e.g. from /proc), read when the measured
   * window opens and after its last answer: CPU per request compares across machine loads, where
   * requests per second do not.
   */
  serverCpuSeconds?: () => number | null;
}

export interface LoadResult extends LatencySummary {
  requests: number;
  rps: number;
  elapsedMs: number;
  statuses: Record<string, number>;
  errors: number;
  /** The server's CPU per answered request in the window, in µs; null without `serverCpuSeconds`. */
  cpuUsPerRequest: number | null;
}

/** CPU µs per request between two readings of a process's CPU seconds; null when either is missing. */
export function cpuUsPerRequest(before: number | null, after: number | null, requests: number): number | null {
  if (before === null || after === null || requests === 0) return null;
  return ((after - before) * 1e6) / requests;
}

/** Bytes of one complete response at the head of `buf`, or 0 while it is incomplete. */
export function responseLength(buf: Buffer): number {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return 0;
  const head = buf.subarray(0, end).toString('latin1');
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (length) return buf.length >= end + 4 + Number(length[1]) ? end + 4 + Number(length[1]) : 0;
  if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
    const last = buf.indexOf('\r\n0\r\n\r\n', end);
    return last < 0 ? 0 : last + 7;
  }
  return end + 4; // 204 / 304: no body
}

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const warmupMs = options.warmupMs ?? 1000;
  const method = options.method ?? (options.body ? 'POST' : 'GET');
  const fixed = Object.entries({ host: `127.0.0.1:${options.port}`, ...options.headers })
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  const started = performance.now();
  const measureFrom = started + warmupMs;
  let stopAt = measureFrom + options.durationMs;
  const readCpu = options.serverCpuSeconds ?? (() => null);
  let cpuAtStart: number | null = null;
  const windowOpens = setTimeout(() => (cpuAtStart = readCpu()), warmupMs);
  void options.stopWhen?.finally(() => (stopAt = Math.min(stopAt, performance.now()))).catch(() => {});

  const request = (): string => {
    const path = typeof options.path === 'function' ? options.path() : options.path;
    const body = options.body?.() ?? '';
    return `${method} ${path} HTTP/1.1\r\n${fixed}${body ? `content-length: ${Buffer.byteLength(body)}\r\n` : ''}\r\n${body}`;
  };

  const connection = () =>
    new Promise<void>((resolve) => {
      const socket: Socket = connect(options.port, '127.0.0.1');
      socket.setNoDelay(true);
      let buf = Buffer.alloc(0);
      let sentAt = 0;
      const send = () => {
        if (performance.now() >= stopAt) {
          socket.end();
          return;
        }
        sentAt = performance.now();
        socket.write(request());
      };
      socket.on('connect', send);
      socket.on('data', (chunk) => {
        buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
        for (let n = responseLength(buf); n > 0; n = responseLength(buf)) {
          const done = performance.now();
          const status = buf.subarray(9, 12).toString('latin1');
          buf = buf.subarray(n);
          // Every answer to a request sent in the window counts, however late it comes: a request
          // stalled behind a rescore is exactly the latency to report.
          if (sentAt >= measureFrom && sentAt < stopAt) {
            latencies.push(done - sentAt);
            statuses[status] = (statuses[status] ?? 0) + 1;
          }
          send();
        }
      });
      socket.on('error', () => {
        errors++;
        resolve();
      });
      socket.on('close', () => resolve());
    });

  return Promise.all(Array.from({ length: options.connections }, connection)).then(() => {
    clearTimeout(windowOpens);
    const elapsedMs = Math.max(1, Math.min(options.durationMs, stopAt - measureFrom));
    const requests = latencies.length;
    const cpu = cpuUsPerRequest(cpuAtStart, readCpu(), requests);
    return { ...summarize(latencies), requests, rps: requests / (elapsedMs / 1000), elapsedMs, statuses, errors, cpuUsPerRequest: cpu };
  });
}
