import type { StoredEvent } from './types.js';

export type Browser = Pick<StoredEvent, 'site' | 'visitorId'>;

/** A browser (site + visitor id) as one map key. */
export const browserKey = (event: Browser): string => `${event.site}\u0000${event.visitorId}`;

/**
 * `browserKey` for a run of events, remembering the last browser's key: a request's events come
 * from one browser, and building (then flattening and hashing, in a map lookup) a new key string
 * for each of its events was a measurable share of the writer's CPU on batched ingest. The same
 * string comes back while the browser is the same, so maps find its cached hash.
 */
export function browserKeys(): (event: Browser) => string {
  let site: string | null = null;
  let visitorId: string | null = null;
  let key = '';
  return (event) => {
    if (event.site !== site || event.visitorId !== visitorId) {
      site = event.site;
      visitorId = event.visitorId;
      key = browserKey(event);
    }
    return key;
  };
}
