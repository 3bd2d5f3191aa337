import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { clientAddress, clientAddressOf, clientIp } from './client-address.js';

describe('clientIp', () => {
  it('uses the socket unless a proxy is trusted', () => {
    expect(clientIp('10.0.0.1', '198.51.100.9', false)).toBe('10.0.0.1');
    expect(clientIp('10.0.0.1', '1.1.1.1, 198.51.100.9', true)).toBe('198.51.100.9');
    expect(clientIp('10.0.0.1', 'garbage', true)).toBe('10.0.0.1');
  });
});

describe('clientAddress middleware', () => {
  const appWith = (trustProxy: boolean) =>
    new Hono().use('*', clientAddress({ trustProxy })).get('/ip', (c) => c.json({ ip: clientAddressOf(c) }));
  const ask = async (app: { request: Hono['request'] }, env?: unknown) =>
    (await app.request('/ip', { headers: { 'x-forwarded-for': '1.1.1.1, 198.51.100.9' } }, env)).json();
  const socket = { incoming: { socket: { remoteAddress: '10.0.0.1', remotePort: 5000, remoteFamily: 'IPv4' } } };

  it('derives the address once from the connection, honouring trustProxy', async () => {
    expect(await ask(appWith(false), socket)).toEqual({ ip: '10.0.0.1' });
    expect(await ask(appWith(true), socket)).toEqual({ ip: '198.51.100.9' });
    expect(await ask(appWith(false))).toEqual({ ip: null });
  });

  it('refuses to answer for a route it was not mounted in front of', async () => {
    const bare = new Hono().get('/ip', (c) => c.json({ ip: clientAddressOf(c) }));
    expect((await bare.request('/ip')).status).toBe(500);
  });
});
