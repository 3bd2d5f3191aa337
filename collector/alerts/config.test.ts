import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, testConfig } from '../config/index.js';
import { demoConfig } from '../config/demo.js';
import { webhooksSchema } from './config.js';

const withWebhooks = (webhooks: unknown) => () => loadConfig({ env: { KINDLING_DB: ':memory:' }, file: { ...demoConfig, webhooks } });

describe('webhooks config', () => {
  it('has safe defaults: no endpoints, private targets refused, 15 s timeout', () => {
    const config = withWebhooks(undefined)();
    expect(config.webhooks).toMatchObject({
      endpoints: [],
      allowPrivateTargets: false,
      requestTimeoutMs: 15_000,
      disableAfterFailingDays: 5,
    });
  });

  it('lets the built-in demo configuration reach loopback receivers only', () => {
    expect(testConfig().webhooks.allowPrivateTargets).toBe('loopback');
  });

  it('fills endpoint defaults: entered SQL, json', () => {
    const config = withWebhooks({ endpoints: [{ url: 'https://hooks.example.com/kindling' }] })();
    expect(config.webhooks.endpoints).toEqual([
      { url: 'https://hooks.example.com/kindling', events: ['lead.entered_sql'], format: 'json' },
    ]);
  });

  it.each([
    [{ endpoints: [{ url: 'ftp://x.example/' }] }, /webhooks\.endpoints\.0\.url: must be an http\(s\) URL/],
    [{ endpoints: [{ url: 'http://127.0.0.1:9/' }] }, /webhooks\.endpoints\.0\.url: refused loopback address/],
    [{ endpoints: [{ url: 'http://10.0.0.8/' }], allowPrivateTargets: 'loopback' }, /webhooks\.endpoints\.0\.url: refused private/],
    [{ endpoints: [{ url: 'https://a.example/', secret: 'whsec_short' }] }, /webhooks\.endpoints\.0\.secret/],
    [{ endpoints: [{ url: 'https://a.example/', events: ['lead.entered_hot'] }] }, /webhooks\.endpoints\.0\.events\.0/],
    [{ endpoints: [{ url: 'https://a.example/', format: 'teams' }] }, /webhooks\.endpoints\.0\.format/],
    [{ endpoints: [{ url: 'https://a.example/' }, { url: 'https://a.example/' }] }, /webhooks\.endpoints\.1\.url: appears twice/],
    [{ requestTimeoutMs: 0 }, /webhooks\.requestTimeoutMs/],
    [{ allowPrivateTargets: 'yes' }, /webhooks\.allowPrivateTargets/],
    [{ retries: 3 }, /webhooks.*unrecognized|retries/],
  ])('refuses %j naming the key', (webhooks, message) => {
    expect(withWebhooks(webhooks)).toThrow(ConfigError);
    expect(withWebhooks(webhooks)).toThrow(message);
  });

  it('allows private targets when told to', () => {
    expect(withWebhooks({ endpoints: [{ url: 'http://10.0.0.8/' }], allowPrivateTargets: true })().webhooks.endpoints).toHaveLength(1);
  });
});

describe('kindling.config.example.jsonc', () => {
  it('documents every webhooks key and endpoint field', () => {
    const text = readFileSync(new URL('../../kindling.config.example.jsonc', import.meta.url), 'utf8');
    const keys = [...Object.keys(webhooksSchema.parse(undefined)), 'url', 'secret', 'events', 'format'];
    for (const key of keys) expect(text, `example documents "${key}"`).toContain(`"${key}"`);
  });
});
