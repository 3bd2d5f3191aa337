import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testConfig, type Config } from '../../collector/config/index.js';
import { createKindling, type Kindling, type KindlingOptions } from '../../collector/kindling.js';
import { HUMAN_USER_AGENT } from './browser.js';

export { HUMAN_USER_AGENT };

/** A Kindling on a real SQLite file in a fresh temp folder; `cleanup()` closes it and removes the folder. */
export async function startTestKindling(
  overrides: Parameters<typeof testConfig>[0] = {},
  options: KindlingOptions & { env?: Record<string, string> } = {},
): Promise<Kindling & { dir: string; cleanup(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'kindling-'));
  const config: Config = testConfig(overrides, { KINDLING_DB: join(dir, 'kindling.db'), ...options.env });
  const kindling = await createKindling(config, { log: () => {}, ...options });
  return Object.assign(kindling, {
    dir,
    async cleanup() {
      await kindling.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

let counter = 0;
/** A time-ordered, unique event id for tests. */
export function eventId(): string {
  return `t${Date.now().toString(36)}${(counter++).toString(36).padStart(6, '0')}`;
}

export const VISITOR = '0190a6f1e2b37c4d8e9fa0b1c2d3e4f5';

/** A minimal valid batch for the demo site. */
export function batch(events: Record<string, unknown>[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { s: 'demo', v: VISITOR, ss: 'sess1', e: events, ...extra };
}

export function pageview(url = 'http://localhost:3000/pricing', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { i: eventId(), t: 'pageview', ts: Date.now(), u: url, ...extra };
}

/** POST /e through app.request() as a human browser on localhost would send it. */
export function postEvents(
  kindling: Pick<Kindling, 'app'>,
  body: unknown,
  headers: Record<string, string> = {},
  ip = '203.0.113.77',
): Promise<Response> {
  return Promise.resolve(
    kindling.app.request(
      '/e',
      {
        method: 'POST',
        body: typeof body === 'string' ? body : JSON.stringify(body),
        headers: {
          'content-type': 'text/plain;charset=UTF-8',
          origin: 'http://localhost:3000',
          'user-agent': HUMAN_USER_AGENT,
          ...headers,
        },
      },
      { incoming: { socket: { remoteAddress: ip } } },
    ),
  );
}

export function countEvents(kindling: Pick<Kindling, 'db'>): number {
  return (kindling.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
}
