import { describe, expect, it } from 'vitest';
import { classifyAddress } from './addresses.js';

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
    // IPv6 forms that carry an IPv4 address.
    ['::ffff:8.8.8.8', null], // IPv4-mapped: the IPv4 address itself
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:100.64.0.1', 'cgnat'],
    ['::10.0.0.1', 'reserved'], // IPv4-compatible (deprecated)
    ['::8.8.8.8', 'reserved'],
    ['::ffff:0:10.0.0.1', 'ipv4-translation'], // SIIT IPv4-translated
    ['::ffff:0:a00:1', 'ipv4-translation'],
    ['64:ff9b::10.0.0.1', 'ipv4-translation'], // NAT64 well-known prefix
    ['64:ff9b::a00:1', 'ipv4-translation'],
    ['64:ff9b::7f00:1', 'ipv4-translation'],
    ['64:ff9b::8.8.8.8', 'ipv4-translation'],
    ['64:ff9b:1::a00:1', 'ipv4-translation'], // NAT64 local-use prefix
    ['64:ff9b:1:ffff::1', 'ipv4-translation'],
    ['64:ff9b:2::1', null],
    ['2002:a00:1::', 'ipv4-translation'], // 6to4 of 10.0.0.1
    ['2002:7f00:1::1', 'ipv4-translation'],
    ['2002:808:808::1', 'ipv4-translation'],
    ['2001:0:4136:e378:8000:63bf:f5ff:fffe', 'ipv4-translation'], // Teredo (client 10.0.0.1)
    ['2001::1', 'ipv4-translation'],
    ['2001:db8::1', 'reserved'],
    ['2001:10::1', 'reserved'],
    ['2001:4860:4860::8888', null], // a public address in 2001::/16 outside Teredo
    ['2600:1f18::5efe:a00:1', 'private'], // ISATAP interface id embedding 10.0.0.1
    ['2600:1f18::200:5efe:7f00:1', 'loopback'], // ISATAP, global-IPv4 flavour, embedding 127.0.0.1
    ['2600:1f18::200:5efe:169.254.169.254', 'link-local'],
    ['2600:1f18::5efe:808:808', null], // ISATAP with a public IPv4 is as public as its prefix
    ['2600:1f18::5efd:a00:1', null],
  ];
  it.each(cases)('%s → %s', (address, category) => {
    expect(classifyAddress(address)).toBe(category);
  });
});
