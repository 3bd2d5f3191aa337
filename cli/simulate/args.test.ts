import { describe, expect, it } from 'vitest';
import { testConfig } from '../../collector/config/index.js';
import { UsageError } from '../usage.js';
import { parseSimulateArgs } from './args.js';

const NOW = Date.UTC(2025, 5, 2, 9);
const demo = testConfig();
const parse = (argv: string[], config: Parameters<typeof parseSimulateArgs>[1] = demo) => parseSimulateArgs(argv, config, () => NOW);
const refused = (argv: string[], config?: Parameters<typeof parseSimulateArgs>[1]) => {
  try {
    parse(argv, config);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`accepted ${argv.join(' ')}`);
};

describe('npm run simulate arguments', () => {
  it('has defaults for everything', () => {
    expect(parse([])).toEqual({
      quiet: false,
      options: {
        visitors: 500,
        days: 30,
        seed: 1,
        via: 'http',
        concurrency: 64,
        dbPath: null,
        siteKey: 'demo',
        now: NOW,
        dispositions: true,
        crmOutcomes: false,
      },
    });
  });

  it('reads every option', () => {
    const argv = [
      '--visitors',
      '2000',
      '--days',
      '60',
      '--seed',
      '7',
      '--via',
      'writer',
      '--concurrency',
      '8',
      '--db',
      'x.db',
      '--now',
      '2025-03-01T00:00:00Z',
      '--no-dispositions',
      '--crm-outcomes',
      '--quiet',
    ];
    expect(parse(argv)).toEqual({
      quiet: true,
      options: {
        visitors: 2000,
        days: 60,
        seed: 7,
        via: 'writer',
        concurrency: 8,
        dbPath: 'x.db',
        siteKey: 'demo',
        now: Date.UTC(2025, 2, 1),
        dispositions: false,
        crmOutcomes: true,
      },
    });
    expect(parse(['--now', '1700000000000']).options.now).toBe(1_700_000_000_000);
  });

  it('refuses wrong values, naming the option and its range', () => {
    expect(refused(['--visitors', '0'])).toBe('--visitors must be an integer from 1 to 10000000');
    expect(refused(['--visitors', '1.5'])).toBe('--visitors must be an integer from 1 to 10000000');
    expect(refused(['--days', 'ten'])).toBe('--days must be an integer from 1 to 3650');
    expect(refused(['--days', '3651'])).toBe('--days must be an integer from 1 to 3650');
    expect(refused(['--seed', '4294967296'])).toBe('--seed must be an integer from 0 to 4294967295');
    expect(refused(['--concurrency', '1001'])).toBe('--concurrency must be an integer from 1 to 1000');
    expect(refused(['--via', 'smtp'])).toBe('--via must be http or writer');
    expect(refused(['--now', 'yesterday'])).toBe('--now must be an ISO date or milliseconds since the epoch');
    expect(refused(['--site', 'acme'])).toBe('no site "acme" in the configuration');
    expect(refused(['--bogus'])).toMatch(/Unknown option '--bogus'/);
    expect(refused(['--days'])).toMatch(/--days/);
  });

  it('--help is a usage error with no message (the entry prints the usage and exits 0)', () => {
    expect(refused(['--help'])).toBe('');
    expect(refused(['-h'])).toBe('');
  });

  it('sends as the demo site when there is one, else as the first configured site', () => {
    const custom = testConfig({
      sites: [
        { key: 'acme', name: 'Acme', origins: ['https://acme.io'] },
        { key: 'beta', name: 'Beta', origins: ['https://beta.io'] },
      ],
    });
    expect(parse([], custom).options.siteKey).toBe('acme');
    expect(parse(['--site', 'beta'], custom).options.siteKey).toBe('beta');
    expect(refused(['--site', 'demo'], custom)).toBe('no site "demo" in the configuration');
  });
});
