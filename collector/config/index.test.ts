import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, ConfigError, stripJsonComments, testConfig } from './index.js';
import { fileConfigSchema } from './schema.js';

const site = { key: 'acme', name: 'Acme', origins: ['https://acme.io'] };

describe('loadConfig', () => {
  it('runs the built-in demo configuration when there is no file', () => {
    const config = loadConfig({ env: {}, cwd: mkdtempSync(join(tmpdir(), 'kcfg-')) });
    expect(config.configPath).toBeNull();
    expect(config.port).toBe(8787);
    expect(config.dbPath).toMatch(/data\/kindling\.db$/);
    expect(config.sites[0]).toMatchObject({ key: 'demo', origins: ['http://localhost:*', 'http://127.0.0.1:*'] });
    expect(config.adminToken).toBeNull();
  });

  it('reads KINDLING_CONFIG (JSONC) and lets the environment override server settings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcfg-'));
    writeFileSync(join(dir, 'k.jsonc'), `{ // a comment\n "server": { "port": 9000 }, /* block */ "sites": [${JSON.stringify(site)},] }`);
    const config = loadConfig({
      cwd: dir,
      env: {
        KINDLING_CONFIG: 'k.jsonc',
        PORT: '9100',
        KINDLING_DB: 'x/y.db',
        KINDLING_ADMIN_TOKEN: 'a'.repeat(20),
        KINDLING_TRUST_PROXY: 'true',
      },
    });
    expect(config).toMatchObject({
      port: 9100,
      dbPath: join(dir, 'x/y.db'),
      trustProxy: true,
      adminToken: 'a'.repeat(20),
      configPath: join(dir, 'k.jsonc'),
    });
    expect(config.publicUrl).toBe('http://localhost:9100');
  });

  it('listens on 0.0.0.0 with collector-sized connection limits unless told otherwise', () => {
    expect(testConfig()).toMatchObject({
      host: '0.0.0.0',
      connections: { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, maxConnections: 4096 },
    });
    const config = testConfig({ server: { host: '::', maxConnections: 10, headersTimeoutMs: 2000 } }, { KINDLING_HOST: '127.0.0.1' });
    expect(config).toMatchObject({ host: '127.0.0.1', connections: { maxConnections: 10, headersTimeoutMs: 2000 } });
    expect(testConfig({ server: { host: '::' } }).host).toBe('::');
    expect(() => testConfig({ server: { headersTimeoutMs: 60_000, requestTimeoutMs: 30_000 } })).toThrow(
      /server\.headersTimeoutMs: headersTimeoutMs must not exceed requestTimeoutMs/,
    );
  });

  it('returns a deeply frozen object', () => {
    const config = testConfig();
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.sites[0]!.origins)).toBe(true);
  });

  const bad: [string, unknown, Record<string, string>, RegExp][] = [
    ['an unknown key', { sites: [site], sitez: [] }, {}, /\(root\).*sitez/],
    ['a bad origin', { sites: [{ ...site, origins: ['acme.io/path'] }] }, {}, /sites\.0\.origins\.0: must look like/],
    ['no sites', { sites: [] }, {}, /sites: /],
    ['a duplicate site key', { sites: [site, site] }, {}, /site key "acme" appears twice/],
    ['a bad port in the environment', { sites: [site] }, { PORT: 'eighty' }, /PORT: /],
    ['a short admin token', { sites: [site] }, { KINDLING_ADMIN_TOKEN: 'short' }, /KINDLING_ADMIN_TOKEN: must be at least 16 characters/],
    ['a bad trust-proxy flag', { sites: [site] }, { KINDLING_TRUST_PROXY: 'maybe' }, /KINDLING_TRUST_PROXY: must be/],
    ['a bad page class name', { sites: [{ ...site, pageClasses: { 'Pricing Page': ['/p'] } }] }, {}, /sites\.0\.pageClasses/],
    ['a negative rate', { sites: [site], rateLimit: { requestsPerSecond: -1 } }, {}, /rateLimit\.requestsPerSecond/],
  ];
  it.each(bad)('stops on %s, naming the key', (_name, file, env, message) => {
    expect(() => loadConfig({ file, env })).toThrow(ConfigError);
    expect(() => loadConfig({ file, env })).toThrow(message);
  });

  it('reports a missing or broken file clearly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcfg-'));
    expect(() => loadConfig({ cwd: dir, env: { KINDLING_CONFIG: 'nope.json' } })).toThrow(/cannot read configuration file .*nope\.json/);
    writeFileSync(join(dir, 'broken.json'), '{ "sites": ');
    expect(() => loadConfig({ cwd: dir, env: { KINDLING_CONFIG: 'broken.json' } })).toThrow(/is not valid JSON/);
  });
});

describe('KINDLING_DATABASE_URL', () => {
  it('selects PostgreSQL when set, SQLite when not', () => {
    expect(testConfig().databaseUrl).toBeNull();
    const url = 'postgres://kindling:s3cret@db.example.com:5432/kindling';
    expect(testConfig({}, { KINDLING_DATABASE_URL: url }).databaseUrl).toBe(url);
  });

  it('refuses anything but a postgres:// URL, without echoing it (it may carry a password)', () => {
    const bad = 'mysql://kindling:s3cret@db.example.com/kindling';
    expect(() => testConfig({}, { KINDLING_DATABASE_URL: bad })).toThrowError(ConfigError);
    expect(() => testConfig({}, { KINDLING_DATABASE_URL: bad })).toThrowError(/KINDLING_DATABASE_URL.*postgres:\/\//);
    try {
      testConfig({}, { KINDLING_DATABASE_URL: bad });
    } catch (err) {
      expect((err as Error).message).not.toContain('s3cret');
    }
  });
});

describe('stripJsonComments', () => {
  it('keeps comment-like text inside strings', () => {
    expect(JSON.parse(stripJsonComments('{"u": "http://x//y", /* c */ "v": "a\\"//b"}'))).toEqual({ u: 'http://x//y', v: 'a"//b' });
  });
});

describe('kindling.config.example.jsonc', () => {
  it('is a valid configuration that documents every top-level key', () => {
    const text = readFileSync(new URL('../../kindling.config.example.jsonc', import.meta.url), 'utf8');
    const parsed = fileConfigSchema.parse(JSON.parse(stripJsonComments(text)));
    for (const key of Object.keys(fileConfigSchema.shape).filter((k) => k !== '$schema')) {
      expect(text, `example documents "${key}"`).toContain(`"${key}"`);
    }
    expect(parsed.sites.length).toBeGreaterThan(0);
  });
});

describe('enrichment', () => {
  it('a calling provider needs a key (environment or key file), named in the error but never echoed', () => {
    const clearbit = { enrichment: { provider: 'clearbit' as const } };
    expect(() => testConfig(clearbit)).toThrowError(
      /enrichment\.provider "clearbit" needs a key: set KINDLING_ENRICHMENT_KEY or enrichment\.keyFile/,
    );
    expect(testConfig(clearbit, { KINDLING_ENRICHMENT_KEY: 'sk_live_secret' }).enrichmentKey).toBe('sk_live_secret');
    const dir = mkdtempSync(join(tmpdir(), 'kindling-key-'));
    writeFileSync(join(dir, 'key'), 'sk_from_file\n');
    expect(testConfig({ enrichment: { provider: 'clearbit', keyFile: join(dir, 'key') } }).enrichmentKey).toBe('sk_from_file');
    writeFileSync(join(dir, 'empty'), '  \n');
    expect(() => testConfig({ enrichment: { provider: 'clearbit', keyFile: join(dir, 'empty') } })).toThrowError(/keyFile: .* is empty/);
    expect(() => testConfig({ enrichment: { provider: 'clearbit', keyFile: join(dir, 'missing') } })).toThrowError(
      /keyFile: cannot read .*ENOENT/,
    );
    expect(testConfig({ enrichment: { provider: 'offline' } }).enrichmentKey).toBeNull();
    expect(testConfig().enrichment).toBeUndefined();
  });

  it('refuses a bad budget, cache or URL with the key named', () => {
    expect(() => testConfig({ enrichment: { dailyBudget: -1 } })).toThrowError(/enrichment\.dailyBudget/);
    expect(() => testConfig({ enrichment: { cacheDays: 0 } })).toThrowError(/enrichment\.cacheDays/);
    expect(() => testConfig({ enrichment: { revealUrl: 'ftp://x.example' } })).toThrowError(/enrichment\.revealUrl/);
  });
});
