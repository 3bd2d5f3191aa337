import type { Config } from './config/index.js';
import type { AdminTokenSource } from './kindling.js';

export interface BannerInput {
  config: Pick<Config, 'configPath' | 'dbPath' | 'sites' | 'publicUrl' | 'host'>;
  /** The port the server really listens on (PORT=0 picks one). */
  port: number;
  adminToken: string;
  adminTokenSource: AdminTokenSource;
  /** V8's old-space limit the process runs with. */
  heapLimitMb: number;
}

/** What `npm start` prints once the server listens: where everything is, and how to sign in. */
export function startBanner({ config, port, adminToken, adminTokenSource, heapLimitMb }: BannerInput): string {
  const base = config.publicUrl.replace(/:\d+$/, `:${port}`);
  const site = config.sites[0]!;
  return [
    '',
    `Kindling is running (${config.configPath ? `config ${config.configPath}` : 'built-in demo configuration'})`,
    `  dashboard     ${base}/`,
    `  demo site     ${base}/demo/`,
    `  health        ${base}/healthz`,
    `  listening     ${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
    `  database      ${config.dbPath}`,
    `  heap limit    ${heapLimitMb} MB`,
    // A token the operator set is theirs and already known: printing it would only put it in logs.
    adminTokenSource === 'generated' ? `  admin token   ${adminToken}` : '  admin token   from KINDLING_ADMIN_TOKEN (not printed)',
    // Real write keys are secrets and never printed; the demo's is well known and shown to try it.
    ...(config.sites.some((s) => s.writeKey)
      ? [`  segment API   ${base}/v1/batch  (HTTP Basic, the site's write key as user name${config.configPath ? '' : `: "${site.writeKey}"`})`]
      : []),
    '',
    `Paste this into your site (site "${site.key}"):`,
    `  <script async src="${base}/k.js" data-site="${site.key}"></script>`,
    `  (on a page served from localhost, add data-allow-localhost: the snippet ignores localhost otherwise)`,
    '',
  ].join('\n');
}
