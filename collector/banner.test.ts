import { describe, expect, it } from 'vitest';
import { testConfig } from './config/index.js';
import { startBanner } from './banner.js';

const facts = { base: 'http://localhost:8787', adminToken: 'kt_token', heapLimitMb: 1024 };
const custom = (sites: NonNullable<Parameters<typeof testConfig>[0]>['sites']) => ({
  ...testConfig({ sites }),
  configPath: '/etc/kindling/kindling.config.json',
});

describe('start banner', () => {
  it('with the built-in demo configuration, points at the demo site and prints the demo write key', () => {
    const text = startBanner(testConfig(), facts);
    expect(text).toContain('built-in demo configuration');
    expect(text).toContain('  demo site     http://localhost:8787/demo/');
    expect(text).toContain('"demo-segment-write-key"');
    expect(text).toContain('  heap limit    1024 MB');
    expect(text).toContain('<script async src="http://localhost:8787/k.js" data-site="demo"></script>');
  });

  it('with a custom configuration, does not advertise demo pages whose events its sites would refuse', () => {
    const acme = custom([{ key: 'acme', name: 'Acme', origins: ['https://acme.io'], writeKey: 'acme-secret-write-key-123' }]);
    const text = startBanner(acme, facts);
    expect(text).toContain('config /etc/kindling/kindling.config.json');
    expect(text).not.toContain('/demo');
    expect(text).not.toContain('acme-secret-write-key-123');
    expect(text).toContain('data-site="acme"');
    // A site named demo that does not accept the collector's own origin does not make the demo work either.
    expect(startBanner(custom([{ key: 'demo', name: 'Prod', origins: ['https://acme.io'] }]), facts)).not.toContain('/demo/');
    expect(startBanner(custom([{ key: 'demo', name: 'Local', origins: ['http://localhost:*'] }]), facts)).toContain('demo site');
  });
});
