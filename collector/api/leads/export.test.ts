import { afterEach, describe, expect, it } from 'vitest';
import { startTestKindling } from '../../../test/support/kindling.js';
import { events } from '../../../test/support/engine.js';

const T0 = Date.UTC(2026, 3, 1);
let k: Awaited<ReturnType<typeof startTestKindling>>;
afterEach(() => k?.cleanup());

const get = (path: string) => k.app.request(path, { headers: { authorization: `Bearer ${k.adminToken}` } });

describe('GET /api/leads/:id/export (GDPR access request)', () => {
  it('returns everything held about the person, and nothing about anyone else', async () => {
    k = await startTestKindling({}, { clock: () => T0 + 5000, log: () => {} });
    await k.writer.write([
      events.view('a', T0, '/pricing', 'pricing'),
      events.identify('a', T0 + 1, 'ann@acme.io', { title: 'CTO' }),
      events.form('b', T0 + 2, { id: 'demo', fields: { budget: 'yes', timeline: 'now' } }, 'ann@acme.io'),
      events.identify('z', T0 + 3, 'zed@other.io'),
    ]);
    const list = (await (await get('/api/leads?q=ann')).json()) as { leads: { id: number }[] };
    const id = list.leads[0]!.id;
    await k.app.request(`/api/leads/${id}/disposition`, {
      method: 'POST',
      headers: { authorization: `Bearer ${k.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ disposition: 'accepted', note: 'call Monday' }),
    });
    const res = await get(`/api/leads/${id}/export`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="lead-${id}.json"`);
    const p = (await res.json()) as Record<string, any>;
    expect(p.exportedAt).toBe(new Date(T0 + 5000).toISOString());
    expect(p.lead).toMatchObject({ id, email: 'ann@acme.io', disposition: 'accepted' });
    expect(p.score).toEqual({ score: expect.any(Number), engagement: expect.any(Number), fit: p.lead.fit });
    // Both browsers' events, the anonymous page view included; none of zed's.
    expect(p.events.map((e: any) => [e.visitor_id, e.type])).toEqual([
      ['a', 'pageview'],
      ['a', 'identify'],
      ['b', 'form'],
    ]);
    expect(p.events[2].props.form.fields).toEqual({ budget: 'yes', timeline: 'now' });
    expect(p.traits.find((t: any) => t.key === 'title').value).toBe('CTO');
    expect(p.links.map((l: any) => l.visitor_id)).toEqual(['a', 'b']);
    expect(p.visitors.map((v: any) => v.id)).toEqual(['a', 'b']);
    expect(p.stageHistory.some((h: any) => h.kind === 'disposition' && h.to_value === 'accepted')).toBe(true);
    const noCrm = { source: 'kindling', crm: null, crm_id: null, amount: null, currency: null, occurred_at: null };
    expect(p.salesActions).toEqual([{ at: T0 + 5000, action: 'accepted', note: 'call Monday', ...noCrm }]);
    expect(p.crmOutcomes).toEqual([]);
    expect(p.state).toEqual(expect.any(Object));
    expect(JSON.stringify(p)).not.toContain('zed@other.io');
  });

  it('answers an unknown lead with 404 and a bad id with 400', async () => {
    k = await startTestKindling({}, { clock: () => T0, log: () => {} });
    expect((await get('/api/leads/99/export')).status).toBe(404);
    expect((await get('/api/leads/x/export')).status).toBe(400);
    expect((await k.app.request('/api/leads/1/export')).status).toBe(401);
  });
});
