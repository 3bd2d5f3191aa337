import { afterEach, describe, expect, it } from 'vitest';
import { engineHarness, type Harness } from '../../../test/support/engine.js';
import { events } from '../../../test/support/engine.js';
import { KindlingError } from '../../errors.js';
import { count, one, rows } from '../../../test/support/query.js';

const T0 = Date.UTC(2025, 0, 1);
const MIN = 60_000;
let h: Harness;
afterEach(() => h?.close());

const leadOf = async (email: string) =>
  (await one<Record<string, unknown> & { id: number }>(h, 'SELECT * FROM leads WHERE email = ?', [email]))!;
const eventLeads = (visitor: string) =>
  rows<{ seq: number; lead_id: number | null; attributed_seq: number | null }>(
    h,
    'SELECT seq, lead_id, attributed_seq FROM events WHERE visitor_id = ? ORDER BY seq',
    [visitor],
  );
const links = () => rows(h, 'SELECT site, visitor_id, lead_id, evidence_seq, kind FROM identity_links ORDER BY id');

describe('identity', () => {
  it('attributes the anonymous history of a browser to the lead it identifies as, with the evidence', async () => {
    h = await engineHarness();
    await h.writer.write([events.view('v1', T0, '/'), events.view('v1', T0 + MIN, '/pricing', 'pricing')]);
    const {
      events: [identify],
    } = await h.writer.write([events.identify('v1', T0 + 2 * MIN, '  Ann@Acme.IO ')]);
    await h.writer.write([events.view('v1', T0 + 3 * MIN, '/docs', 'docs')]);
    const lead = await leadOf('ann@acme.io');
    expect(lead).toBeDefined();
    expect((await eventLeads('v1')).map((e) => e.lead_id)).toEqual([lead.id, lead.id, lead.id, lead.id]);
    expect((await eventLeads('v1')).map((e) => e.attributed_seq)).toEqual([identify!.seq, identify!.seq, null, null]);
    expect(await links()).toEqual([{ site: 'demo', visitor_id: 'v1', lead_id: lead.id, evidence_seq: identify!.seq, kind: 'anonymous' }]);
    expect(lead.first_seen_at).toBe(T0);
    expect(lead.last_seen_at).toBe(T0 + 3 * MIN);
    // The pricing visit before identifying counts.
    const rules = (await one<{ model: string }>(h, 'SELECT model FROM lead_state WHERE lead_id = ?', [lead.id]))!.model;
    expect(Object.keys(JSON.parse(rules).engagement.rules).sort()).toEqual(['docs-view', 'page-view', 'pricing-view']);
  });

  it('makes no account of a school, scores its address as a student, and names companies from their domain', async () => {
    h = await engineHarness();
    await h.writer.write([events.identify('s1', T0, 'di@stud.uni-heidelberg.de'), events.identify('c1', T0, 'eve@acme-industries.io')]);
    expect(await rows(h, 'SELECT domain, name FROM companies')).toEqual([{ domain: 'acme-industries.io', name: 'Acme Industries' }]);
    expect(await leadOf('di@stud.uni-heidelberg.de')).toMatchObject({ company_domain: null, company: null, fit: -20 });
    expect(await leadOf('eve@acme-industries.io')).toMatchObject({ company: 'Acme Industries', fit: 10 });
  });

  it('links a second browser of the same email to the same person', async () => {
    h = await engineHarness();
    await h.writer.write([events.identify('laptop', T0, 'ann@acme.io')]);
    await h.writer.write([events.view('phone', T0 + MIN, '/pricing', 'pricing')]);
    const {
      events: [second],
    } = await h.writer.write([events.form('phone', T0 + 2 * MIN, { id: 'newsletter', fields: {} }, 'ann@acme.io')]);
    const lead = await leadOf('ann@acme.io');
    expect(await count(h, 'leads')).toBe(1);
    expect((await eventLeads('phone')).map((e) => e.lead_id)).toEqual([lead.id, lead.id]);
    expect(await links()).toEqual([
      expect.objectContaining({ visitor_id: 'laptop', lead_id: lead.id, kind: 'anonymous' }),
      expect.objectContaining({ visitor_id: 'phone', lead_id: lead.id, evidence_seq: second!.seq, kind: 'anonymous' }),
    ]);
  });

  it('moves a shared device to the new person from then on and never merges the two', async () => {
    h = await engineHarness();
    await h.writer.write([events.identify('kiosk', T0, 'ann@acme.io'), events.view('kiosk', T0 + MIN, '/pricing', 'pricing')]);
    const {
      events: [switchEvent],
    } = await h.writer.write([events.identify('kiosk', T0 + 2 * MIN, 'bob@beta.io')]);
    await h.writer.write([events.view('kiosk', T0 + 3 * MIN, '/docs', 'docs')]);
    const ann = await leadOf('ann@acme.io');
    const bob = await leadOf('bob@beta.io');
    expect((await eventLeads('kiosk')).map((e) => e.lead_id)).toEqual([ann.id, ann.id, bob.id, bob.id]);
    expect(await links()).toEqual([
      expect.objectContaining({ lead_id: ann.id, kind: 'anonymous' }),
      expect.objectContaining({ lead_id: bob.id, evidence_seq: switchEvent!.seq, kind: 'shared-device' }),
    ]);
    expect(ann.last_seen_at).toBe(T0 + MIN);
    expect(bob.first_seen_at).toBe(T0 + 2 * MIN);
  });

  it('refuses an invalid email with a clear error and stores nothing of the batch', async () => {
    h = await engineHarness();
    const write = h.writer.write([events.view('v9', T0), events.identify('v9', T0, 'not-an-email')]);
    await expect(write).rejects.toBeInstanceOf(KindlingError);
    await expect(h.writer.write([events.identify('v9', T0, 'a@b')])).rejects.toMatchObject({ status: 400, code: 'invalid_email' });
    expect(await count(h, 'events')).toBe(0);
    expect(await count(h, 'leads')).toBe(0);
  });
});

describe('traits and companies', () => {
  it('keeps the latest value of each trait with the time it was set, from identify traits and form fields', async () => {
    h = await engineHarness();
    await h.writer.write([events.identify('v1', T0, 'ann@acme.io', { name: 'Ann', title: 'Engineer' })]);
    await h.writer.write([
      events.form('v1', T0 + MIN, {
        id: 'demo',
        fields: { 'Job Title': 'VP Engineering', 'Company Name': 'Acme Inc', employees: '51-200', budget: 'yes' },
      }),
    ]);
    // An older statement arriving late does not win.
    await h.writer.write([events.identify('v1', T0 - MIN, 'ann@acme.io', { title: 'Intern' })]);
    const lead = await leadOf('ann@acme.io');
    const traits = Object.fromEntries(
      (
        await rows<{ key: string; value: string; set_at: number }>(h, 'SELECT key, value, set_at FROM lead_traits WHERE lead_id = ?', [
          lead.id,
        ])
      ).map((t) => [t.key, [JSON.parse(t.value), t.set_at]]),
    );
    expect(traits).toEqual({
      name: ['Ann', T0],
      title: ['VP Engineering', T0 + MIN],
      company: ['Acme Inc', T0 + MIN],
      company_size: ['51-200', T0 + MIN],
      budget: ['yes', T0 + MIN],
    });
    expect(lead).toMatchObject({ name: 'Ann', title: 'VP Engineering', company: 'Acme Inc', company_domain: 'acme.io' });
  });

  it('rolls people up into companies by email domain, leaving free-mail out', async () => {
    h = await engineHarness();
    await h.writer.write([
      events.identify('a', T0, 'ann@acme.io'),
      events.identify('b', T0, 'bob@acme.io'),
      events.identify('c', T0, 'cat@gmail.com'),
    ]);
    expect(await rows(h, 'SELECT domain, name, people FROM companies')).toEqual([{ domain: 'acme.io', name: 'Acme', people: 2 }]);
    expect((await leadOf('cat@gmail.com')).company_domain).toBeNull();
  });
});

describe('domain events', () => {
  it('a rescore under unchanged rules reports nothing; ingest reports each change once', async () => {
    h = await engineHarness();
    await h.writer.write([
      events.identify('v', T0, 'ann@acme.io'),
      events.form('v', T0 + 1, { id: 'demo', fields: { budget: 'yes', timeline: 'now' } }),
    ]);
    expect(h.emitted.map((e) => (e.type === 'lead.stage_changed' ? `${e.type}:${e.from}>${e.to}` : e.type))).toEqual([
      'lead.stage_changed:visitor>lead',
      'lead.stage_changed:lead>sql',
      'lead.updated',
    ]);
    h.emitted.length = 0;
    await h.engine.rescore();
    expect(h.emitted).toEqual([]);
  });
});
