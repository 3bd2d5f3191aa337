import { describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../config/index.js';

const site = (extra: Record<string, unknown> = {}) => ({ key: 'acme', name: 'Acme', origins: ['https://acme.io'], ...extra });

describe('sites[].writeKey (Segment-compatible API)', () => {
  it('is optional, and kept when given', () => {
    expect(loadConfig({ env: {}, file: { sites: [site()] } }).sites[0]!.writeKey).toBeUndefined();
    expect(loadConfig({ env: {}, file: { sites: [site({ writeKey: 'wk_0123456789abcdef' })] } }).sites[0]!.writeKey).toBe(
      'wk_0123456789abcdef',
    );
  });

  const bad: [string, unknown[], RegExp][] = [
    ['too short', [site({ writeKey: 'short' })], /sites\.0\.writeKey: write keys are 16-200 characters/],
    ['too long', [site({ writeKey: 'k'.repeat(201) })], /sites\.0\.writeKey: write keys are 16-200 characters/],
    ['with a space', [site({ writeKey: 'has a space in the key' })], /sites\.0\.writeKey: write keys are printable ASCII/],
    [
      'shared by two sites',
      [site({ writeKey: 'same-key-0123456789' }), site({ key: 'b', writeKey: 'same-key-0123456789' })],
      /sites\.1\.writeKey: the same write key is used by sites 0 and 1/,
    ],
  ];
  it.each(bad)('stops on a write key %s, naming the key', (_name, sites, message) => {
    expect(() => loadConfig({ env: {}, file: { sites } })).toThrow(ConfigError);
    expect(() => loadConfig({ env: {}, file: { sites } })).toThrow(message);
  });
});
