import { request } from 'node:http';
import { connect } from 'node:net';

export interface Outcome {
  status: number;
  label: string;
}

/**
 * Sends one request on a connection of its own (so an early answer that closes one connection
 * cannot fail the next request) and resolves with the status, or 0 when the server answered by
 * closing the connection. An event stream (the dashboard's live feed) is closed once its headers arrive.
 */
export function send(
  base: string,
  method: string,
  path: string,
  options: { body?: Uint8Array | null; contentType?: string | undefined; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<number> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.contentType !== undefined) headers['content-type'] = options.contentType;
  const body = method === 'GET' || method === 'HEAD' ? null : (options.body ?? null);
  if (body) headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers, agent: false, timeout: options.timeoutMs ?? 10_000 }, (res) => {
      if (String(res.headers['content-type']).includes('text/event-stream')) res.destroy();
      else res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error(`timed out: ${method} ${path}`)));
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' || err.code === 'EPIPE' ? resolve(0) : reject(err)));
    req.end(body ?? undefined);
  });
}

/** Runs `jobs` with at most `concurrency` in flight; resolves with every result in order. */
export async function pool<T>(jobs: (() => Promise<T>)[], concurrency: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

/**
 * Writes raw bytes to the server (HTTP that fetch cannot produce: lying Content-Length, broken
 * chunking, smuggling attempts) and returns the status line's code, or 0 when the server just
 * closed the connection.
 */
export function rawRequest(port: number, bytes: string | Buffer, timeoutMs = 5_000): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    const done = () => {
      socket.destroy();
      resolve(Number(data.match(/^HTTP\/1\.[01] (\d{3})/)?.[1] ?? 0));
    };
    socket.setTimeout(timeoutMs, done);
    socket.on('data', (d) => {
      data += d.toString('latin1');
      if (/\r\n\r\n/.test(data)) done();
    });
    socket.on('error', done);
    socket.on('close', done);
    socket.write(bytes);
    // Half-close, so a server waiting for more of a lying body sees the end of the stream.
    setTimeout(() => socket.end(), 200);
  });
}
