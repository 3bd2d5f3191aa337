import { afterEach, describe, expect, it } from 'vitest';
import { startTestKindling } from '../../test/support/kindling.js';
import { events } from '../../test/support/engine.js';
import { count, one, rows } from '../../test/support/query.js';
import { MAX_OUTCOME_ROWS } from './rows.js';

const T0 = Date.UTC(2026, 3, 1);
const NOW = Date.UTC(2026, 4, 1);
let k: Awaited<ReturnType<typeof startTestKindling>>;
afterEach(() => k?.cleanup());

/** Three leads: Ann and Bob (leads), Cat (an SQL: she asked for a demo with budget and timeline). */
async function start() {
  k = await startTestKindling({}, { clock: () => NOW, log: () => {} });
  await k.writer.write([
    events.identify('a', T0, 'ann@acme.io'),
    events.identify('b', T0 + 1000, 'bob@acme.io'),
    events.form('c', T0 + 2000, { id: 'demo', fields: { budget: 'yes', timeline: 'now' } }, 'cat@globex.com'),
  ]);
}
const post = async (path: string, body: unknown) => {
  const res = await k.app.request(path, {
    method: 'POST',
    headers: { authorization: `Bearer ${k.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const leadOf = async (email: string) => {
  const { body } = await (async () => {
    const res = await k.app.request(`/api/leads?q=${email}`, { headers: { authorization: `Bearer ${k.adminToken}` } });
    return { body: (await res.json()) as { leads: { id: number; email: string; disposition: string | null }[] } };
  })();
  return body.leads.find((l) => l.email === email)!;
};
const crmActions = () =>
  rows(k, "SELECT action, crm, crm_id, amount, currency, occurred_at FROM lead_actions WHERE source = 'crm' ORDER BY id");

const ROWS = [
  { crm: 'hubspot', email: ' ANN@Acme.io ', crmId: 'D-1', outcome: 'won', date: '2026-04-10', amount: 12000, currency: 'usd' },
  { crm: 'hubspot', email: 'nobody@nowhere.io', outcome: 'lost', date: '2026-04-11' },
  { crm: 'hubspot', email: 'bob@acme.io', outcome: 'maybe', date: '2026-04-11' },
  { crm: 'hubspot', crmId: 'D-1', outcome: 'won', date: '2026-04-10', amount: 12000, currency: 'USD' },
  { crm: 'hubspot', email: 'cat@globex.com', outcome: 'disqualified', date: '4/12/2026' },
  { crm: 'hubspot', crmId: 'D-404', outcome: 'won', date: '2026-04-12' },
  { crm: 'hubspot', email: 'bob@acme.io', outcome: 'lost', date: '2026-02-30' },
];

describe('POST /api/outcomes', () => {
  it('matches rows by CRM id then email, records them as crm dispositions, and reports every row by number', async () => {
    await start();
    const first = await post('/api/outcomes', { rows: ROWS });
    expect(first.status).toBe(200);
    // Row 1 creates Ann's outcome and keeps D-1 on her; row 4 is the same deal by its id alone: unchanged.
    expect(first.body).toMatchObject({ rows: 7, matched: 3, created: 2, updated: 0, unchanged: 1 });
    expect(first.body.unmatched).toEqual([
      { row: 2, reason: 'no lead with this email' },
      { row: 6, reason: 'no lead has hubspot id D-404' },
    ]);
    const invalid = first.body.invalid as { row: number; reason: string }[];
    expect(invalid.map((p) => p.row)).toEqual([3, 7]);
    expect(invalid[0]!.reason).toMatch(/^outcome: /);
    expect(invalid[1]!.reason).toMatch(/^date: "2026-02-30" is not a date/);

    expect((await leadOf('ann@acme.io')).disposition).toBe('won');
    expect((await leadOf('cat@globex.com')).disposition).toBe('rejected'); // disqualified = a sales rejection
    expect((await leadOf('bob@acme.io')).disposition).toBeNull();
    expect(await crmActions()).toEqual([
      { action: 'won', crm: 'hubspot', crm_id: 'D-1', amount: 12000, currency: 'USD', occurred_at: Date.UTC(2026, 3, 10) },
      { action: 'rejected', crm: 'hubspot', crm_id: null, amount: null, currency: null, occurred_at: Date.UTC(2026, 3, 12) },
    ]);
    expect(await one(k, "SELECT action FROM audit_log WHERE action = 'outcomes.imported'")).toEqual({ action: 'outcomes.imported' });
    // The person's export (GDPR access) holds the CRM's facts too.
    const ann = (await leadOf('ann@acme.io')).id;
    const exported = (await (
      await k.app.request(`/api/leads/${ann}/export`, { headers: { authorization: `Bearer ${k.adminToken}` } })
    ).json()) as { salesActions: Record<string, unknown>[]; crmOutcomes: Record<string, unknown>[] };
    expect(exported.salesActions).toEqual([
      expect.objectContaining({ action: 'won', source: 'crm', crm: 'hubspot', crm_id: 'D-1', amount: 12000 }),
    ]);
    expect(exported.crmOutcomes).toEqual([
      expect.objectContaining({ crm: 'hubspot', identity: 'D-1', outcome: 'won', occurred_at: Date.UTC(2026, 3, 10) }),
    ]);
  });

  it('is idempotent on re-import, and a changed outcome is updated and audited', async () => {
    await start();
    await post('/api/outcomes', { rows: ROWS });
    const again = await post('/api/outcomes', { rows: ROWS });
    expect(again.body).toMatchObject({ rows: 7, matched: 3, created: 0, updated: 0, unchanged: 3 });
    expect(await count(k, 'lead_actions', "source = 'crm'")).toBe(2);

    const changed = await post('/api/outcomes', {
      rows: [{ crm: 'hubspot', crmId: 'D-1', outcome: 'lost', date: '2026-04-20T09:30:00Z' }],
    });
    expect(changed.body).toMatchObject({ rows: 1, matched: 1, created: 0, updated: 1, unchanged: 0, unmatched: [], invalid: [] });
    expect((await leadOf('ann@acme.io')).disposition).toBe('lost');
    const ann = (await leadOf('ann@acme.io')).id;
    const entry = await one<{ target: string; detail: string }>(k, "SELECT target, detail FROM audit_log WHERE action = 'outcome.updated'");
    expect(entry!.target).toBe(`lead:${ann}`);
    expect(JSON.parse(entry!.detail)).toMatchObject({ crm: 'hubspot', identity: 'D-1', from: 'won', to: 'lost' });
    expect(await count(k, 'lead_actions', "source = 'crm'")).toBe(3);
    // The same CRM id in another CRM is another record: it does not match Ann.
    const other = await post('/api/outcomes', { rows: [{ crm: 'pipedrive', crmId: 'D-1', outcome: 'won', date: '2026-04-21' }] });
    expect(other.body).toMatchObject({ matched: 0, unmatched: [{ row: 1, reason: 'no lead has pipedrive id D-1' }] });
  });

  it('refuses a whole bad body with the one 400 shape and changes nothing', async () => {
    await start();
    const row = { crm: 'hubspot', email: 'ann@acme.io', outcome: 'won', date: '2026-04-10' };
    for (const body of [
      { rows: [] },
      { rows: 'ann@acme.io' },
      { rows: [row], extra: 1 },
      [row],
      { rows: Array(MAX_OUTCOME_ROWS + 1).fill(row) },
    ]) {
      const res = await post('/api/outcomes', body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(Object.keys(res.body)).toEqual(['error']);
      expect((res.body.error as { code: string }).code).toBe('bad_request');
    }
    expect(await count(k, 'lead_actions')).toBe(0);
    expect(await count(k, 'crm_outcomes')).toBe(0);
    expect(await count(k, 'lead_crm_ids')).toBe(0);
  });
});

/** A HubSpot deals export as its columns come (more than Kindling reads), with a quoted comma and a stage it does not know. */
const HUBSPOT_CSV = [
  'Record ID,Deal Name,Deal Stage,Amount,Close Date,Pipeline,Associated Contact',
  '101,"Acme, annual",Closed Won,"12,500.00",2026-04-10 00:00,Sales Pipeline,Ann Archer (ann@acme.io)',
  '102,Globex pilot,Closed Lost,3000,2026-04-14,Sales Pipeline,cat@globex.com',
  '103,Bob seats,Appointment Scheduled,,2026-04-15,Sales Pipeline,bob@acme.io',
  '104,Initech,Closed Won,900,2026-04-16,Sales Pipeline,peter@initech.com',
  '105,Bad date,Closed Won,100,someday,Sales Pipeline,bob@acme.io',
  '106,No stage,,100,2026-04-16,Sales Pipeline,bob@acme.io',
].join('\r\n');

describe('POST /api/outcomes/csv', () => {
  it('previews a CRM export under its mapping without writing, then imports it', async () => {
    await start();
    const preview = await post('/api/outcomes/csv', { crm: 'hubspot', csv: HUBSPOT_CSV, preview: true });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ rows: 6, valid: 4 });
    expect((preview.body.invalid as { row: number }[]).map((p) => p.row)).toEqual([5, 6]);
    expect((preview.body.sample as { row: number; value: unknown }[])[0]).toEqual({
      row: 1,
      value: {
        crm: 'hubspot',
        email: 'ann@acme.io',
        crmId: '101',
        outcome: 'won',
        occurredAt: Date.UTC(2026, 3, 10),
        amount: 12500,
        currency: null,
      },
    });
    expect(await count(k, 'lead_actions')).toBe(0);

    const done = await post('/api/outcomes/csv', { crm: 'hubspot', csv: HUBSPOT_CSV });
    expect(done.body).toMatchObject({
      rows: 6,
      matched: 3,
      created: 3,
      updated: 0,
      unchanged: 0,
      unmatched: [{ row: 4, reason: 'no lead with this email' }],
    });
    expect((await leadOf('ann@acme.io')).disposition).toBe('won');
    expect((await leadOf('cat@globex.com')).disposition).toBe('lost');
    expect((await leadOf('bob@acme.io')).disposition).toBe('accepted'); // an open deal: sales took the lead on
    expect(await rows(k, 'SELECT crm, crm_id FROM lead_crm_ids ORDER BY crm_id')).toEqual([
      { crm: 'hubspot', crm_id: '101' },
      { crm: 'hubspot', crm_id: '102' },
      { crm: 'hubspot', crm_id: '103' },
    ]);
  });

  it('refuses a file that is not CSV, or has no rows, with the one 400 shape', async () => {
    await start();
    for (const csv of ['a,b\n"unclosed', 'Deal Stage,Close Date\n']) {
      const res = await post('/api/outcomes/csv', { crm: 'hubspot', csv });
      expect(res.status).toBe(400);
      expect(Object.keys(res.body)).toEqual(['error']);
    }
    expect((await post('/api/outcomes/csv', { crm: 'zoho', csv: 'x' })).status).toBe(400);
    expect(await count(k, 'lead_actions')).toBe(0);
  });
});
