import { serve } from '@hono/node-server';
import { loadConfig, ConfigError } from './config/index.js';
import { createKindling } from './kindling.js';
import { heapLimitMb, runWithHeapLimit, type OnStop } from './heap-limit.js';

/**
 * `npm start`: validate the configuration (stop with a clear message if it is wrong), open and
 * migrate the database, serve, print where everything is, and shut down gracefully on SIGTERM.
 */
function start(onStop: OnStop): void {
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
  const kindling = createKindling(config);
  const server = serve({ fetch: kindling.app.fetch, port: config.port, hostname: '0.0.0.0' }, (info) => {
    const base = config.publicUrl.replace(/:\d+$/, `:${info.port}`);
    const site = config.sites[0]!;
    console.log(
      [
        '',
        `Kindling is running (${config.configPath ? `config ${config.configPath}` : 'built-in demo configuration'})`,
        `  dashboard     ${base}/`,
        `  demo site     ${base}/demo/`,
        `  health        ${base}/healthz`,
        `  database      ${config.dbPath}`,
        `  heap limit    ${heapLimitMb()} MB`,
        `  admin token   ${kindling.adminToken}`,
        // Real write keys are secrets and never printed; the demo's is well known and shown to try it.
        ...(config.sites.some((s) => s.writeKey)
          ? [`  segment API   ${base}/v1/batch  (HTTP Basic, the site's write key as user name${config.configPath ? '' : `: "${site.writeKey}"`})`]
          : []),
        '',
        `Paste this into your site (site "${site.key}"):`,
        `  <script async src="${base}/k.js" data-site="${site.key}"></script>`,
        `  (on a page served from localhost, add data-allow-localhost: the snippet ignores localhost otherwise)`,
        '',
      ].join('\n'),
    );
  });

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
      void kindling.close().then(() => process.exit(0));
    }, 10_000).unref();
  };
  onStop(shutdown);
}

runWithHeapLimit(import.meta.url, start);
