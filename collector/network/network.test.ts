import { describe, expect, it } from 'vitest';
import { Reader, type Response } from 'mmdb-lib';
import { FIXTURE_NETWORKS, fixtureDatabases } from '../../test/support/network-fixture.js';
import { createNetworkLookup } from './lookup.js';
import { classifyNetwork, type NetworkKind } from './kinds.js';
import { addressToBigInt, createMmdbWriter, rangeToPrefixes } from './mmdb-writer.js';
import { parseAsnLine } from './build-asn.js';

describe('the MMDB writer, read back with mmdb-lib', () => {
  it('splits a range into the exact CIDR blocks that cover it', () => {
    const blocks = rangeToPrefixes(addressToBigInt('10.0.0.1'), addressToBigInt('10.0.0.6'));
    expect(blocks.map((b) => b.length - 96)).toEqual([32, 31, 31, 32]);
  });

  it('answers every address inside a range and none outside, IPv4 and IPv6, with nested data', () => {
    const w = createMmdbWriter({ databaseType: 'T' });
    w.insertRange('10.0.2.0', '10.0.2.10', { name: 'Ünïcode', n: 70000, ok: true, list: ['a', 'b'], x: 1.5 });
    w.insertRange('2001:db8::', '2001:db8::ff', { name: 'six' });
    const r = new Reader<Response>(w.toBuffer());
    expect(r.get('10.0.2.10')).toEqual({ name: 'Ünïcode', n: 70000, ok: true, list: ['a', 'b'], x: 1.5 });
    expect(r.get('10.0.2.0')).toEqual(r.get('10.0.2.5'));
    expect(r.get('10.0.2.11')).toBeNull();
    expect(r.get('10.0.1.255')).toBeNull();
    expect(r.get('2001:db8::80')).toEqual({ name: 'six' });
    expect(r.get('2001:db8::100')).toBeNull();
    expect(r.metadata.databaseType).toBe('T');
  });

  it('encodes long strings past every size-byte boundary', () => {
    const w = createMmdbWriter({ databaseType: 'T' });
    const long = { a: 'x'.repeat(30), b: 'y'.repeat(300), c: 'z'.repeat(70000) };
    w.insertRange('10.0.0.0', '10.0.0.0', long);
    expect(new Reader<Response>(w.toBuffer()).get('10.0.0.0')).toEqual(long);
  });
});

describe('network lookup on the fixture databases', () => {
  const lookup = createNetworkLookup(fixtureDatabases());

  it.each(Object.entries(FIXTURE_NETWORKS))('%s: owner and country of an address in the range', (_, n) => {
    expect(lookup.lookup(n.sample)).toEqual({ asn: n.asn, org: n.org, country: n.country });
  });

  it('an IPv4-mapped IPv6 address finds the IPv4 range', () => {
    expect(lookup.lookup(`::ffff:${FIXTURE_NETWORKS.business.sample}`)?.org).toBe('Siemens AG');
  });

  it.each(['10.1.2.3', '::1', 'not an address', ''])('%j: nothing known → null', (ip) => {
    expect(lookup.lookup(ip)).toBeNull();
  });

  it('without an ASN database: country only', () => {
    const countryOnly = createNetworkLookup({ asn: null, country: fixtureDatabases().country });
    expect(countryOnly.lookup(FIXTURE_NETWORKS.isp.sample)).toEqual({ asn: null, org: null, country: 'US' });
  });
});

describe('network kinds: businesses, not ISPs', () => {
  const cases: [number | null, string | null, NetworkKind][] = [
    [64500, 'Siemens AG', 'business'],
    [64501, 'Example Broadband Telecom', 'isp'],
    [64502, 'Example State University', 'education'],
    [88, 'Princeton University', 'education'],
    [16509, 'Amazon.com, Inc.', 'hosting'], // by ASN: the name says nothing
    [15169, 'Google LLC', 'hosting'],
    [7922, 'Comcast Cable Communications, LLC', 'isp'],
    [21928, 'T-Mobile USA, Inc.', 'mobile'],
    [1, 'Vodafone Mobile GmbH', 'mobile'],
    [1, 'Hetzner Online GmbH', 'business'], // a name without a hint: why the ASN table exists
    [24940, 'Hetzner Online GmbH', 'hosting'],
    [1, 'FastVPN Ltd', 'vpn'],
    [1, 'Acme Hosting B.V.', 'hosting'],
    [1, 'Deutsche Telekom AG', 'isp'],
    [1, 'Leibniz-Rechenzentrum', 'hosting'],
    [1, 'Kindling Software Ltd', 'business'],
    [null, null, 'isp'],
  ];
  it.each(cases)('AS%s %j → %s', (asn, org, kind) => {
    expect(classifyNetwork(asn, org)).toBe(kind);
  });
});

describe('the ASN CSV of @ip-location-db/asn', () => {
  it.each([
    ['1.0.0.0,1.0.0.255,13335,"Cloudflare, Inc."', { first: '1.0.0.0', last: '1.0.0.255', asn: 13335, org: 'Cloudflare, Inc.' }],
    ['1.0.4.0,1.0.7.255,38803,Gtelecom Pty Ltd', { first: '1.0.4.0', last: '1.0.7.255', asn: 38803, org: 'Gtelecom Pty Ltd' }],
    [
      '2001:200::,2001:200:ffff::,2500,"WIDE ""Project"""',
      { first: '2001:200::', last: '2001:200:ffff::', asn: 2500, org: 'WIDE "Project"' },
    ],
  ])('%s', (line, row) => {
    expect(parseAsnLine(line)).toEqual(row);
  });
  it('a header or an empty line is skipped', () => {
    expect(parseAsnLine('')).toBeNull();
    expect(parseAsnLine('ip_range_start,ip_range_end,autonomous_system_number,autonomous_system_organization')).toBeNull();
  });
});
