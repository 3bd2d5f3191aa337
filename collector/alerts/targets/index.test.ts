import { describe, expect, it } from 'vitest';
import type { LookupAddress } from 'node:dns';
import { checkTargetUrl, guardedLookup, TargetRefusedError, type PrivateTargetPolicy } from './index.js';

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
    ['http://[64:ff9b::a9fe:a9fe]/latest/meta-data', false],
    ['http://[64:ff9b::169.254.169.254]/', false],
    ['http://[64:ff9b:1::a00:1]/', false],
    ['http://[2002:a9fe:a9fe::]/', false],
    ['http://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/', false],
    ['http://[::ffff:0:a00:1]/', false],
    ['http://[::a00:1]/', false],
    ['http://[2600:1f18::5efe:a00:1]/', false],
    ['http://[64:ff9b::7f00:1]/', 'loopback'],
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
  const fakeDns =
    (answers: Record<string, string[]>) =>
    (hostname: string, _options: unknown, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => {
      const list = answers[hostname];
      if (!list) return callback(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }), []);
      callback(
        null,
        list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
      );
    };
  const dns = fakeDns({
    'public.example': ['93.184.216.34', '2606:2800::1'],
    'mixed.example': ['93.184.216.34', '10.0.0.7'],
    'metadata.example': ['169.254.169.254'],
    'loop.example': ['127.0.0.1'],
    'nat64.example': ['2606:2800::1', '64:ff9b::a00:7'],
    '6to4.example': ['2002:c0a8:101::1'],
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
    expect((await run(false, 'nat64.example', true)).err?.message).toMatch(/ipv4-translation address 64:ff9b::a00:7/);
    expect((await run('loopback', '6to4.example', false)).err).toBeInstanceOf(TargetRefusedError);
  });

  it('passes DNS errors on unchanged', async () => {
    expect((await run(false, 'missing.example', false)).err?.code).toBe('ENOTFOUND');
  });
});
