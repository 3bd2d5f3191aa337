import { describe, expect, it } from 'vitest';
import { REMOVED_FROM_CONFIG } from './sync.js';
import { alertFixtures } from '../../test/support/alerts.js';

const fixtures = alertFixtures();
const boot = async (dir: string | undefined, endpoints: unknown[], logs: string[] = []) =>
  await fixtures.kindling({ dir, logs, webhooks: { endpoints } });

describe('config endpoints are synced into the database at boot', () => {
  it('generates a missing secret once, prints it once, and keeps it across restarts', async () => {
    const logs: string[] = [];
    const first = await boot(undefined, [{ url: 'http://127.0.0.1:9/a' }], logs);
    const [endpoint] = await first.kindling.alerts.reads.endpoints();
    expect(endpoint).toMatchObject({
      url: 'http://127.0.0.1:9/a',
      source: 'config',
      events: ['lead.entered_sql'],
      format: 'json',
      enabled: true,
    });
    expect(logs.filter((l) => l.includes(endpoint!.secret))).toEqual([
      `kindling: webhook endpoint #1 http://127.0.0.1:9/a: generated signing secret ${endpoint!.secret} (shown once)`,
    ]);
    await first.kindling.close();

    const again: string[] = [];
    const second = await boot(first.dir, [{ url: 'http://127.0.0.1:9/a', events: ['lead.entered_mql'], format: 'slack' }], again);
    expect(await second.kindling.alerts.reads.endpoints()).toEqual([
      expect.objectContaining({ id: 1, secret: endpoint!.secret, events: ['lead.entered_mql'], format: 'slack' }),
    ]);
    expect(again.join('\n')).not.toContain('whsec_');
  });

  it('takes the secret from the file when given', async () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const logs: string[] = [];
    const { kindling } = await boot(undefined, [{ url: 'http://127.0.0.1:9/a', secret }], logs);
    expect((await kindling.alerts.reads.endpoints())[0]!.secret).toBe(secret);
    expect(logs.join('\n')).not.toContain('whsec_');
  });

  it('disables endpoints removed from the file, keeps their history, and re-enables them when they come back', async () => {
    const first = await boot(undefined, [{ url: 'http://127.0.0.1:9/a' }, { url: 'http://127.0.0.1:9/b' }]);
    await first.kindling.close();
    const second = await boot(first.dir, [{ url: 'http://127.0.0.1:9/b' }]);
    expect((await second.kindling.alerts.reads.endpoints()).map((e) => [e.url, e.enabled, e.disabledReason])).toEqual([
      ['http://127.0.0.1:9/a', false, REMOVED_FROM_CONFIG],
      ['http://127.0.0.1:9/b', true, null],
    ]);
    await second.kindling.close();
    const third = await boot(first.dir, [{ url: 'http://127.0.0.1:9/a' }, { url: 'http://127.0.0.1:9/b' }]);
    expect((await third.kindling.alerts.reads.endpoints()).map((e) => [e.id, e.enabled])).toEqual([
      [1, true],
      [2, true],
    ]);
  });
});
