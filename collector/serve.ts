import { serve } from '@hono/node-server';
import { loadConfig, ConfigError } from './config/index.js';
import type { Server } from 'node:http';
import { createKindling } from './kindling.js';
import { startBanner } from './banner.js';
import { capConnections, httpServerOptions } from './http/server-options.js';
import { heapLimitMb, stopSignals, type OnStop } from './heap-limit.js';

/**
 * The collector's process body, loaded by `main.ts` on the thread that runs it (the main thread, or
 * the worker with the heap limit): validate the configuration (stop with a clear message if it is
 * wrong), open and migrate the database, serve, print where everything is, and shut down
 * gracefully on SIGTERM.
 */
async function start(onStop: OnStop): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`kindling: ${err.message}`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const kindling = await createKindling(config, { writerThread: config.writer.thread });
  const server = serve(
    { fetch: kindling.app.fetch, port: config.port, hostname: config.host, serverOptions: httpServerOptions(config.connections) },
    (info) => {
      const base = config.publicUrl.replace(/:\d+$/, `:${info.port}`);
      const listening = `${config.host.includes(':') ? `[${config.host}]` : config.host}:${info.port}`;
      const { adminToken, adminTokenSource, setupUrl } = kindling;
      const database = kindling.store.location;
      console.log(startBanner(config, { base, adminToken, adminTokenSource, setupUrl, heapLimitMb: heapLimitMb(), listening, database }));
    },
  );
  capConnections(server as Server, config.connections);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`kindling: ${signal} received, finishing in-flight requests and flushing the writer`);
    // Live dashboard streams never end on their own; browsers reconnect to the next process.
    kindling.closeStreams();
    server.close(() => {
      void kindling.close().then(() => process.exit(0));
    });
    // Idle keep-alive sockets would hold close() open; in-flight requests finish first.
    (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
    setTimeout(() => {
      console.log('kindling: connections still open after 10 s; closing anyway');
      void kindling.close().then(() => process.exit(0));
    }, 10_000).unref();
  };
  onStop(shutdown);
}

start(stopSignals()).catch((err: unknown) => {
  console.error(`kindling: could not start: ${(err as Error).stack ?? err}`);
  process.exit(1);
});
