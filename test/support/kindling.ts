import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testConfig, type Config } from '../../collector/config/index.js';
import { createKindling, type Kindling, type KindlingOptions } from '../../collector/kindling.js';
import { HUMAN_USER_AGENT } from './browser.js';
import { testStoreEnv } from './store-choice.js';

export { HUMAN_USER_AGENT };

export type TestKindling = Kindling & { dir: string; cleanup(): Promise<void> };

export interface TestKindlingOptions extends KindlingOptions {
  env?: Record<string, string>;
  /** Run on this earlier kit's store (a restart): this kit's cleanup closes only itself, the earlier one's removes the data. */
  storeOf?: TestKindling;
}

/** The environment entries that put a collector on the store `config` names. */
function storeEnvOf(config: Config): Record<string, string> {
  return { KINDLING_DB: config.dbPath, ...(config.databaseUrl ? { KINDLING_DATABASE_URL: config.databaseUrl } : {}) };
}

/**
 * A Kindling on a fresh store of the run's choice (store-choice.ts): a real SQLite file in a fresh
 * temp folder, or in the postgres project a fresh database of the run's PostgreSQL server.
 * `cleanup()` closes it and removes the folder (and gives the database back).
 */
export async function startTestKindling(
  overrides: Parameters<typeof testConfig>[0] = {},
  options: TestKindlingOptions = {},
): Promise<TestKindling> {
  const { env, storeOf, ...kindlingOptions } = options;
  const dir = storeOf?.dir ?? mkdtempSync(join(tmpdir(), 'kindling-'));
  const chosen = storeOf ? { env: storeEnvOf(storeOf.config), database: null } : await testStoreEnv(join(dir, 'kindling.db'));
  const removeOwned = async () => {
    if (storeOf) return;
    await chosen.database?.release();
    rmSync(dir, { recursive: true, force: true });
  };
  let kindling: Kindling;
  try {
    const config: Config = testConfig(overrides, { ...chosen.env, ...env });
    kindling = await createKindling(config, { log: () => {}, ...kindlingOptions });
  } catch (err) {
    await removeOwned();
    throw err;
  }
  return Object.assign(kindling, {
    dir,
    async cleanup() {
      await kindling.close();
      await removeOwned();
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

export { countEvents } from './query.js';
