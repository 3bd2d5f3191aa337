import type { Server, ServerOptions } from 'node:http';
import type { Config } from '../config/index.js';

/**
 * How often Node looks for connections past their header or request timeout. Its default (30 s)
 * would let a slow client overstay a 10 s header timeout threefold.
 */
const TIMEOUT_CHECK_INTERVAL_MS = 1000;

/** `createServer` options from the configuration's connection limits. */
export function httpServerOptions(limits: Config['connections']): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
  };
}

/** What cannot be passed to `createServer`: the cap on open connections (more are refused at accept). */
export function capConnections(server: Pick<Server, 'maxConnections'>, limits: Config['connections']): void {
  server.maxConnections = limits.maxConnections;
}
