import { afterEach, describe, expect, it } from 'vitest';
import { batch, countEvents, pageview, postEvents, startTestKindling } from './support/kindling.js';
import { addKey } from './support/team.js';

/**
 * The `ingest` API-key scope (issue 15, point 2): a server relaying its visitors' events has no
 * browser Origin and signs POST /e with a key instead; any other credential is refused and stores
 * nothing.
 */
let k: Awaited<ReturnType<typeof startTestKindling>> | undefined;
afterEach(async () => {
  await k?.cleanup();
  k = undefined;
});

const noOrigin = (authorization?: string) => ({ origin: '', ...(authorization ? { authorization } : {}) });

describe('POST /e with an API key', () => {
  it('takes a key scoped ingest (or admin) in place of an allowed Origin; refuses other keys and garbage', async () => {
    k = await startTestKindling();
    const ingest = await addKey(k, 'relay', ['ingest']);
    const admin = await addKey(k, 'ops', ['admin']);
    const reader = await addKey(k, 'bi', ['leads:read']);
    const revoked = await addKey(k, 'old relay', ['ingest']);
    const del = await k.app.request(`/api/keys/${revoked.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${k.adminToken}` } });
    expect(del.status).toBe(200);

    // Without a key and without an Origin the browser rule holds: 403, nothing stored.
    expect((await postEvents(k, batch([pageview()]), noOrigin())).status).toBe(403);
    expect(await countEvents(k)).toBe(0);

    const refused: [string, number][] = [
      [`Bearer ${reader.secret}`, 403],
      [`Bearer ${revoked.secret}`, 401],
      ['Bearer kk_not-a-key', 401],
      [`Bearer ${k.adminToken}`, 401], // the admin token is no API key: automation of /api, not a relay
      ['Basic abc', 401],
    ];
    for (const [authorization, status] of refused) {
      const res = await postEvents(k, batch([pageview()]), noOrigin(authorization));
      expect(res.status, authorization).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(status === 401 ? 'unauthorized' : 'forbidden');
    }
    expect(await countEvents(k)).toBe(0);

    expect((await postEvents(k, batch([pageview(), pageview()]), noOrigin(`Bearer ${ingest.secret}`))).status).toBe(202);
    expect((await postEvents(k, batch([pageview()]), noOrigin(`Bearer ${admin.secret}`))).status).toBe(202);
    expect(await countEvents(k)).toBe(3);
    // A relayed request answers no browser: no CORS grant.
    const res = await postEvents(k, batch([pageview()]), noOrigin(`Bearer ${ingest.secret}`));
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
