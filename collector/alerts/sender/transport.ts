import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import type { TransportFailure } from '../policy/index.js';
import { checkTargetUrl, guardedLookup, TargetRefusedError, type PrivateTargetPolicy } from '../targets/index.js';

/**
 * One HTTP POST to a webhook target. node:http rather than fetch: its socket can be given the
 * guarded lookup, so the addresses checked are the ones connected to (fetch resolves on its
 * own, which leaves a DNS-rebinding gap), and it never follows redirects. No keep-alive: a
 * stale pooled socket would turn a healthy receiver into a retry.
 */

export interface DeliveryRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** Aborts without a verdict (shutdown). */
  signal?: AbortSignal;
}

export type DeliveryResult =
  | { kind: 'response'; status: number; retryAfter: string | null; location: string | null; bodySnippet: string; latencyMs: number }
  | { kind: 'failure'; failure: TransportFailure; error: string; latencyMs: number }
  | { kind: 'aborted'; latencyMs: number };

export type Transport = (request: DeliveryRequest) => Promise<DeliveryResult>;

export interface HttpTransportOptions {
  policy: PrivateTargetPolicy;
  /** DNS for the guard (tests inject answers); defaults to dns.lookup. */
  resolveAll?: Parameters<typeof guardedLookup>[1];
  userAgent?: string;
}

/** Enough of the answer to show in the attempt log (Slack explains its 4xx in the body). */
const MAX_SNIPPET_BYTES = 1024;

export function createHttpTransport(options: HttpTransportOptions): Transport {
  const lookup = guardedLookup(options.policy, options.resolveAll);
  const userAgent = options.userAgent ?? 'Kindling-Webhooks/1';

  return (request) => {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let url: URL;
    try {
      url = checkTargetUrl(request.url, options.policy);
    } catch (err) {
      return Promise.resolve({ kind: 'failure', failure: 'refused', error: (err as Error).message, latencyMs: 0 });
    }
    const timeout = AbortSignal.timeout(request.timeoutMs);
    const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
    const send = url.protocol === 'https:' ? https.request : http.request;

    return new Promise<DeliveryResult>((resolve) => {
      let settled = false;
      const done = (result: DeliveryResult) => {
        if (settled) return;
        settled = true;
        resolve(result);
      };
      const fail = (err: Error) => {
        if (request.signal?.aborted) return done({ kind: 'aborted', latencyMs: elapsed() });
        if (timeout.aborted)
          return done({ kind: 'failure', failure: 'timeout', error: `no answer within ${request.timeoutMs} ms`, latencyMs: elapsed() });
        if (err instanceof TargetRefusedError)
          return done({ kind: 'failure', failure: 'refused', error: err.message, latencyMs: elapsed() });
        const code = (err as NodeJS.ErrnoException).code;
        done({ kind: 'failure', failure: 'network', error: code ? `${code}: ${err.message}` : err.message, latencyMs: elapsed() });
      };

      const req = send(
        url,
        {
          method: 'POST',
          agent: false,
          lookup,
          signal,
          headers: {
            ...request.headers,
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(request.body)),
            'user-agent': userAgent,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          const finish = () =>
            done({
              kind: 'response',
              status: res.statusCode ?? 0,
              retryAfter: res.headers['retry-after'] ?? null,
              location: res.headers.location ?? null,
              bodySnippet: Buffer.concat(chunks).toString('utf8').slice(0, MAX_SNIPPET_BYTES),
              latencyMs: elapsed(),
            });
          res.on('data', (chunk: Buffer) => {
            chunks.push(chunk);
            size += chunk.length;
            if (size >= MAX_SNIPPET_BYTES) {
              finish();
              res.destroy();
            }
          });
          res.on('end', finish);
          res.on('error', fail);
          // A receiver that answers and hangs up mid-body still answered.
          res.on('close', finish);
        },
      );
      req.on('error', fail);
      req.end(request.body);
    });
  };
}
