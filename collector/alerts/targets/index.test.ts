import { describe, expect, it } from 'vitest';
import type { LookupAddress } from 'node:dns';
import { checkTargetUrl, classifyAddress, guardedLookup, TargetRefusedError, type PrivateTargetPolicy } from './index.js';

describe('classifyAddress', () => {
  const cases: [string, string | null][] = [
    ['8.8.8.8', null],
    ['93.184.216.34', null],
    ['2606:4700:4700::1111', null],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', null],
    ['192.168.1.1', 'private'],
    ['::ffff:192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.254', 'cgnat'],
    ['100.128.0.1', null],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'reserved'],
  ];
  it.each(cases)('%s → %s', (address, category) => {
    expect(classifyAddress(address)).toBe(category);
  });
});

describe('checkTargetUrl (literal hosts, no DNS)', () => {
  const refused: [string, PrivateTargetPolicy][] = [
    ['ftp://hooks.example.com/x', true],
    ['file:///etc/passwd', true],
    ['javascript:alert(1)', true],
    ['not a url', true],
    ['http://127.0.0.1:9000/hook', false],
    ['http://localhost:9000/hook', false],
    ['http://api.localhost/hook', false],
    ['http://[::1]/hook', false],
    ['http://[::ffff:10.0.0.1]/hook', false],
    ['http://169.254.169.254/latest/meta-data', false],
    ['http://169.254.169.254/latest/meta-data', 'loopback'],
    ['http://2130706433/', false], // 127.0.0.1 written as a number
    ['http://0x7f.1/', false],
    ['http://10.0.0.1/', 'loopback'],
    ['http://100.64.1.1/', false],
    ['http://0.0.0.0:8080/', false],
  ];
  it.each(refused)('refuses %s (policy %s)', (url, policy) => {
    expect(() => checkTargetUrl(url, policy)).toThrow(TargetRefusedError);
  });

  const allowed: [string, PrivateTargetPolicy][] = [
    ['https://hooks.slack.com/services/T/B/X', false],
    ['http://93.184.216.34/hook', false],
    ['http://127.0.0.1:9000/hook', 'loopback'],
    ['http://localhost:9000/hook', 'loopback'],
    ['http://[::1]:9000/hook', 'loopback'],
    ['http://10.0.0.1/', true],
    ['https://internal.example.com/', false], // names are checked when resolved, at send time
  ];
  it.each(allowed)('allows %s (policy %s)', (url, policy) => {
    expect(checkTargetUrl(url, policy)).toBeInstanceOf(URL);
  });
});

describe('guardedLookup (resolved addresses, send time)', () => {
  const fakeDns = (answers: Record<string, string[]>) =>
    ((hostname: string, _options: unknown, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => {
      const list = answers[hostname];
      if (!list) return callback(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }), []);
      callback(null, list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
    });
  const dns = fakeDns({
    'public.example': ['93.184.216.34', '2606:2800::1'],
    'mixed.example': ['93.184.216.34', '10.0.0.7'],
    'metadata.example': ['169.254.169.254'],
    'loop.example': ['127.0.0.1'],
  });
  const run = (policy: PrivateTargetPolicy, host: string, all: boolean) =>
    new Promise<{ err: NodeJS.ErrnoException | null; address: unknown; family?: number }>((resolve) =>
      guardedLookup(policy, dns)(host, { all }, (err, address, family) => resolve({ err, address, family })),
    );

  it('passes public answers through, as a list or the first one', async () => {
    expect((await run(false, 'public.example', true)).address).toEqual([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800::1', family: 6 },
    ]);
    expect(await run(false, 'public.example', false)).toMatchObject({ err: null, address: '93.184.216.34', family: 4 });
  });

  it('refuses a name when any answer is not public', async () => {
    const mixed = await run(false, 'mixed.example', true);
    expect(mixed.err).toBeInstanceOf(TargetRefusedError);
    expect(mixed.err!.message).toMatch(/mixed\.example resolves to 10\.0\.0\.7/);
    expect((await run(false, 'metadata.example', false)).err).toBeInstanceOf(TargetRefusedError);
    expect((await run('loopback', 'metadata.example', false)).err).toBeInstanceOf(TargetRefusedError);
    expect((await run('loopback', 'loop.example', false)).err).toBeNull();
    expect((await run(true, 'mixed.example', false)).err).toBeNull();
  });

  it('passes DNS errors on unchanged', async () => {
    expect((await run(false, 'missing.example', false)).err?.code).toBe('ENOTFOUND');
  });
});
