import type { Kindling } from '../../collector/kindling.js';
import type { StoredEvent } from '../../collector/events/types.js';
import { rowToEvent, type EventRow } from '../../collector/events/rows.js';
import { rows, type QueryTarget } from './query.js';

/** The demo site's write key (collector/config/demo.ts), which testConfig() inherits. */
export const DEMO_WRITE_KEY = 'demo-segment-write-key';

export const basicAuth = (user: string, password = '') => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** POST /v1/<route> as a Segment library would send it (JSON, Basic auth with the write key). */
export function postSegment(
  kindling: Pick<Kindling, 'app'>,
  route: string,
  body: unknown,
  headers: Record<string, string | null> = {},
  ip = '198.51.100.20',
): Promise<Response> {
  const all: Record<string, string | null> = { 'content-type': 'application/json', authorization: basicAuth(DEMO_WRITE_KEY), ...headers };
  const sent = Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== null));
  const payload = typeof body === 'string' ? body : body instanceof Uint8Array ? new Blob([new Uint8Array(body)]) : JSON.stringify(body);
  return Promise.resolve(
    kindling.app.request(`/v1/${route}`, { method: 'POST', body: payload, headers: sent }, { incoming: { socket: { remoteAddress: ip } } }),
  );
}

export async function storedEvents(kindling: QueryTarget): Promise<StoredEvent[]> {
  return (await rows<EventRow>(kindling, 'SELECT * FROM events ORDER BY seq')).map(rowToEvent);
}
