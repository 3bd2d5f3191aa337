import type { AlertsTransaction } from '../store/port/alerts.js';
import type { EndpointConfig } from './config.js';
import { generateSecret } from './signature/index.js';
import { disableEndpoint } from './sender/verdict.js';

export const REMOVED_FROM_CONFIG = 'removed from the configuration';

export interface SyncResult {
  /** Endpoints whose secret was generated now: the only time it is shown. */
  generated: { id: number; url: string; secret: string }[];
}

/**
 * Makes the database's config-sourced endpoints match the file, matched by URL: new ones are
 * added (with a generated secret when the file has none), existing ones take the file's events,
 * format and secret, and ones no longer in the file are disabled, keeping their history.
 * Runs once at boot, in its own transaction.
 */
export async function syncConfigEndpoints(transaction: AlertsTransaction, endpoints: readonly EndpointConfig[]): Promise<SyncResult> {
  const generated: SyncResult['generated'] = [];
  await transaction(async (store) => {
    const now = store.now;
    generated.length = 0;
    const wanted = new Set(endpoints.map((e) => e.url));
    for (const config of endpoints) {
      const existing = await store.endpoints.getConfigByUrl(config.url);
      if (!existing) {
        const secret = config.secret ?? generateSecret();
        const id = await store.endpoints.insert(
          { url: config.url, secret, format: config.format, events: config.events, source: 'config' },
          now,
        );
        if (!config.secret) generated.push({ id, url: config.url, secret });
        continue;
      }
      await store.endpoints.update(
        existing.id,
        { url: config.url, secret: config.secret ?? existing.secret, format: config.format, events: config.events },
        now,
      );
      if (!existing.enabled && existing.disabledReason === REMOVED_FROM_CONFIG)
        await store.endpoints.setEnabled(existing.id, true, null, now);
    }
    for (const endpoint of await store.endpoints.list()) {
      if (endpoint.source === 'config' && endpoint.enabled && !wanted.has(endpoint.url)) {
        await disableEndpoint(store, endpoint.id, REMOVED_FROM_CONFIG, now);
      }
    }
  });
  return { generated };
}
