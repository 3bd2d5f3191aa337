import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { testConfig } from '../config/index.js';
import { errorResponse } from '../errors.js';
import { clientAddress } from '../http/client-address.js';
import { engineHarness, type Harness } from '../../test/support/engine.js';
import { segmentRoutes } from './index.js';
import { aliasErasureHandler } from './alias-store.js';
import { postSegment } from '../../test/support/segment.js';
import { SPEC } from './spec-examples.js';
import { count, one, rows } from '../../test/support/query.js';

/**
 * Segment messages through the real engine: identity links, traits and the company, exactly as
 * the snippet's events would be scored.
 */
const NOW = Date.UTC(2025, 2, 10, 12);
let h: Harness;
let app: Hono;
beforeEach(async () => {
  h = await engineHarness({}, { now: NOW });
  app = new Hono();
  app.onError((err, c) => errorResponse(err, c, () => {}));
  app.use('*', clientAddress({ trustProxy: false }));
  app.route('/', segmentRoutes({ config: testConfig(), writer: h.writer, clock: () => h.clock.now }));
  // As kindling.ts does.
  h.writer.on(aliasErasureHandler);
});
afterEach(() => h.close());

const send = async (route: string, body: unknown) => {
  const res = await postSegment({ app }, route, body);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { stored: number };
};
const leads = () =>
  rows<{ id: number; email: string; name: string | null; title: string | null; company: string | null }>(
    h,
    'SELECT id, email, name, title, company FROM leads ORDER BY id',
  );
const leadOf = async (visitorId: string) =>
  (
    await one<{ email: string }>(h, 'SELECT l.email FROM visitor_leads v JOIN leads l ON l.id = v.lead_id WHERE v.visitor_id = ?', [
      visitorId,
    ])
  )?.email ?? null;
const trait = async (key: string) => (await one<{ value: string }>(h, 'SELECT value FROM lead_traits WHERE key = ?', [key]))?.value ?? null;
const eventLeadIds = async (visitorId: string) =>
  (await rows<{ lead_id: number | null }>(h, 'SELECT lead_id FROM events WHERE visitor_id = ? ORDER BY seq', [visitorId])).map(
    (r) => r.lead_id,
  );

describe('Segment messages in the engine', () => {
  it("the Spec's identify makes a lead with its traits", async () => {
    await send('identify', SPEC.identify);
    expect(await leads()).toEqual([expect.objectContaining({ email: 'pgibbons@example.com', name: 'Peter Gibbons' })]);
    expect(await leadOf('seg:019mr8mf4r')).toBe('pgibbons@example.com');
    expect(await trait('industry')).toContain('Technology');
  });

  it('identify with userId and anonymousId links both, and the anonymous history joins the lead', async () => {
    await send('page', { anonymousId: 'anon-7', messageId: 'p1', properties: { url: 'https://tallyworks.example/pricing' } });
    await send('identify', { anonymousId: 'anon-7', userId: 'u-7', messageId: 'i1', traits: { email: 'ada@acme.io', title: 'CTO' } });
    await send('track', { userId: 'u-7', messageId: 't1', event: 'pricing_inquiry' });
    expect([await leadOf('seg:anon-7'), await leadOf('seg:u-7')]).toEqual(['ada@acme.io', 'ada@acme.io']);
    const [lead] = await leads();
    expect(lead).toMatchObject({ email: 'ada@acme.io', title: 'CTO' });
    expect(await eventLeadIds('seg:anon-7')).toEqual([lead!.id, lead!.id]);
    expect(await eventLeadIds('seg:u-7')).toEqual([lead!.id, lead!.id]);
    // The pricing page view and the inquiry were scored by the default rules.
    const model = JSON.parse((await one<{ model: string }>(h, 'SELECT model FROM lead_state'))!.model) as {
      engagement: { rules: Record<string, unknown> };
    };
    expect(Object.keys(model.engagement.rules)).toEqual(expect.arrayContaining(['pricing-view', 'contact-sales']));
  });

  it('group sets the company and its size on the lead', async () => {
    await send('identify', { userId: '019mr8mf4r', traits: { email: 'peter@initech.example' } });
    await send('group', SPEC.group);
    expect((await leads())[0]).toMatchObject({ company: 'Initech' });
    expect(await trait('company_size')).toContain('420');
  });

  it("the Spec's alias: previousId joins the lead userId is on, and its earlier events with it", async () => {
    await send('track', { anonymousId: '39239-239239-239239-23923', messageId: 'before', event: 'Viewed Docs' });
    await send('identify', { userId: '019mr8mf4r', messageId: 'who', traits: { email: 'peter@initech.example' } });
    await send('alias', SPEC.alias);
    expect(await leadOf('seg:39239-239239-239239-23923')).toBe('peter@initech.example');
    expect((await eventLeadIds('seg:39239-239239-239239-23923'))[0]).toBe((await leads())[0]!.id);
  });

  it('an alias sent before anyone identifies is remembered; the identify then links both', async () => {
    await send('alias', { previousId: 'anon-9', userId: 'u-9', messageId: 'a9' });
    expect(await leads()).toEqual([]);
    await send('identify', { userId: 'u-9', messageId: 'i9', traits: { email: 'bo@acme.io' } });
    expect([await leadOf('seg:anon-9'), await leadOf('seg:u-9')]).toEqual(['bo@acme.io', 'bo@acme.io']);
    // A resend of the identify adds nothing: every derived event has a stable id.
    expect(await send('identify', { userId: 'u-9', messageId: 'i9', traits: { email: 'bo@acme.io' } })).toMatchObject({ stored: 0 });
  });

  it('an alias never moves a browser that belongs to someone else', async () => {
    await send('identify', { userId: 'u-a', traits: { email: 'ann@acme.io' } });
    await send('identify', { userId: 'u-b', traits: { email: 'bob@acme.io' } });
    await send('alias', { previousId: 'u-a', userId: 'u-b' });
    expect([await leadOf('seg:u-a'), await leadOf('seg:u-b')]).toEqual(['ann@acme.io', 'bob@acme.io']);
  });

  it('an erased lead takes its remembered pairs with it', async () => {
    await send('identify', { anonymousId: 'anon-e', userId: 'u-e', traits: { email: 'gone@acme.io' } });
    expect(await count(h, 'segment_aliases')).toBe(2);
    await h.engine.erase((await leads())[0]!.id);
    expect(await count(h, 'segment_aliases')).toBe(0);
  });
});
