import { afterEach, describe, expect, it } from 'vitest';
import { startTestKindling } from '../../test/support/kindling.js';
import { events } from '../../test/support/engine.js';

const T0 = Date.UTC(2026, 3, 1);
let k: Awaited<ReturnType<typeof startTestKindling>>;
afterEach(() => k?.cleanup());

async function start() {
  k = await startTestKindling({}, { clock: () => T0 + 1000, log: () => {} });
  await k.writer.write([
    events.identify('a', T0, 'ann@acme.io', { name: '=HYPERLINK("http://evil")', company: 'Acme, Inc.' }),
    events.identify('b', T0, 'bob@acme.io', { name: 'Bob "the" Builder' }),
    events.form('c', T0, { id: 'demo', fields: { budget: 'yes', timeline: 'now', name: 'Zoë' } }, 'cat@globex.com'),
  ]);
}
const download = async (path: string) => {
  const res = await k.app.request(path, { headers: { authorization: `Bearer ${k.adminToken}` } });
  expect(res.status, await res.clone().text()).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte order mark
  return new TextDecoder('utf-8').decode(bytes).split('\r\n');
};

describe('CSV downloads', () => {
  it('lists the leads with the list filters, one record per lead, text escaped and formulas neutralised', async () => {
    await start();
    const all = await download('/api/leads.csv?sort=lastSeen');
    expect(all[0]).toBe(
      'id,email,name,company,title,stage,disposition,score,engagement,fit,fit_grade,top_reason,last_seen_at,stage_changed_at,sql_since',
    );
    expect(all.length).toBe(5); // header, three leads, the empty string after the last CRLF
    const ann = all.find((l) => l.includes('ann@acme.io'))!;
    expect(ann).toContain(',"\'=HYPERLINK(""http://evil"")","Acme, Inc.",');
    expect(all.find((l) => l.includes('bob@acme.io'))).toContain(',"Bob ""the"" Builder",');
    const sql = await download('/api/leads.csv?stage=sql');
    expect(sql.slice(1, -1).map((l) => l.split(',')[1])).toEqual(['cat@globex.com']);
    expect(sql[1]).toContain(',Zoë,');
    const search = await download('/api/leads.csv?q=acme');
    expect(
      search
        .slice(1, -1)
        .map((l) => l.split(',')[1])
        .sort(),
    ).toEqual(['ann@acme.io', 'bob@acme.io']);
  });

  it('lists the companies and the funnel tables of a period', async () => {
    await start();
    const companies = await download('/api/companies.csv');
    expect(companies[0]).toBe('domain,name,people,engaged_people,total_score,top_score,top_leads');
    expect(companies.length).toBe(4);
    expect(companies[1]).toMatch(/^globex\.com,Globex,1,1,[\d.]+,[\d.]+,cat@globex\.com$/);
    expect(companies[2]).toMatch(/^acme\.io,"Acme, Inc\.",2,0,[\d.]+,[\d.]+,(ann|bob)@acme\.io (ann|bob)@acme\.io$/);
    const stages = await download('/api/funnel.csv?from=2026-04-01&to=2026-04-30&mode=cohort');
    expect(stages).toEqual([
      'metric,value',
      'lead,3',
      'mql,1',
      'sql,1',
      'accepted,0',
      'rejected,0',
      'won,0',
      'lost,0',
      'mql_to_sql,1',
      'sql_to_won,0',
      '',
    ]);
    const times = await download('/api/funnel.csv?from=2026-04-01&to=2026-04-30&mode=cohort&table=times');
    expect(times[2]).toBe('mqlToSql,0,,,1'); // cat was SQL on arrival: counted apart, no 0 ms median
  });

  it('carries won revenue from the CRM, per currency, in the revenue, channel and trend tables', async () => {
    await start();
    const res = await k.app.request('/api/outcomes', {
      method: 'POST',
      headers: { authorization: `Bearer ${k.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        rows: [
          { crm: 'hubspot', crmId: 'D-1', email: 'cat@globex.com', outcome: 'won', date: '2026-04-10', amount: 1500, currency: 'EUR' },
        ],
      }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const period = '/api/funnel.csv?from=2026-04-01&to=2026-04-30&mode=cohort';
    expect(await download(`${period}&table=revenue`)).toEqual(['currency,won,amount', 'EUR,1,1500', '']);
    const channels = await download(`${period}&table=channels`);
    expect(channels[0]!.split(',')).toContain('won_revenue');
    expect(channels.filter((l) => l.includes(',EUR 1500,'))).toHaveLength(2); // first touch and last touch
    const trends = await download(`/api/funnel.csv?from=2026-04-01&to=2026-04-30&mode=activity&interval=month&table=trends`);
    expect(trends[0]!.endsWith(',won_revenue')).toBe(true);
    expect(trends.filter((l) => l.endsWith(',EUR 1500'))).toHaveLength(1);
  });

  it('answers bad filters with a 400 before streaming anything', async () => {
    await start();
    for (const path of ['/api/leads.csv?stage=hot', '/api/companies.csv?x=1', '/api/funnel.csv?from=2026-04-01&to=2026-04-30&table=x']) {
      const res = await k.app.request(path, { headers: { authorization: `Bearer ${k.adminToken}` } });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'bad_request' } });
    }
    expect((await k.app.request('/api/leads.csv')).status).toBe(401);
  });
});
