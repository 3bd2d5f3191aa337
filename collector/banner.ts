import type { Config } from './config/index.js';
import { createOriginMatcher } from './ingest/origins.js';
import type { AdminTokenSource } from './kindling.js';

/** The demo pages (`demo/`, served at /demo/) send their events as this site. */
export const DEMO_SITE_KEY = 'demo';

/**
 * True when the demo pages work on this collector: a site `demo` exists and accepts events from the
 * collector's own origin. A custom configuration usually has neither, and then the demo pages would
 * only show refused requests, so the banner does not point at them.
 */
export function demoSiteWorks(config: Pick<Config, 'sites'>, base: string): boolean {
  const site = config.sites.find((s) => s.key === DEMO_SITE_KEY);
  return !!site && createOriginMatcher(site.origins)(new URL(base).origin);
}

export interface BannerFacts {
  /** The URL the collector answers on, with the port it listens on. */
  base: string;
  adminToken: string;
  /** Printed only when Kindling generated it: a token from the environment is the operator's and would only end up in logs. */
  adminTokenSource?: AdminTokenSource;
  /** While no user exists: the one-time link that creates the first admin. */
  setupUrl?: string | null;
  /** The V8 heap limit the collector runs under. */
  heapLimitMb: number;
  /** The listen address and port (`server.host`, `KINDLING_HOST`). */
  listening?: string;
  /** Where the data lives (`store.location`): the SQLite path, or the PostgreSQL URL without its password. */
  database?: string;
}

/** What `npm start` prints once listening: where everything is, and the snippet tag to paste. */
export function startBanner(
  config: Pick<Config, 'sites' | 'configPath' | 'dbPath'>,
  { base, adminToken, adminTokenSource = 'generated', heapLimitMb, listening, database, setupUrl = null }: BannerFacts,
): string {
  const site = config.sites[0]!;
  return [
    '',
    `Kindling is running (${config.configPath ? `config ${config.configPath}` : 'built-in demo configuration'})`,
    `  dashboard     ${base}/`,
    ...(demoSiteWorks(config, base) ? [`  demo site     ${base}/demo/`] : []),
    `  health        ${base}/healthz`,
    ...(listening ? [`  listening     ${listening}`] : []),
    `  database      ${database ?? config.dbPath}`,
    `  heap limit    ${heapLimitMb} MB`,
    adminTokenSource === 'generated' ? `  admin token   ${adminToken}` : '  admin token   from KINDLING_ADMIN_TOKEN (not printed)',
    // Only while nobody has an account: the link works once and makes its opener the first admin.
    ...(setupUrl ? [`  first admin   ${setupUrl}  (one-time link: create the first admin account)`] : []),
    // Real write keys are secrets and never printed; the demo's is well known and shown to try it.
    ...(config.sites.some((s) => s.writeKey)
      ? [
          `  segment API   ${base}/v1/batch  (the site's write key as HTTP Basic user name or body "writeKey"${config.configPath ? '' : `; demo key "${site.writeKey}"`})`,
        ]
      : []),
    '',
    `Paste this into your site (site "${site.key}"):`,
    `  <script async src="${base}/k.js" data-site="${site.key}"></script>`,
    `  (on a page served from localhost, add data-allow-localhost: the snippet ignores localhost otherwise)`,
    '',
  ].join('\n');
}
