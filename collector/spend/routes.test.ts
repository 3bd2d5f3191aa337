import { afterEach, describe, expect, it } from 'vitest';
import { startTestKindling } from '../../test/support/kindling.js';
import { count, rows } from '../../test/support/query.js';

const T0 = Date.UTC(2026, 7, 1);
let k: Awaited<ReturnType<typeof startTestKindling>>;
afterEach(() => k?.cleanup());

const call = async (method: string, path: string, body?: unknown) => {
  const res = await k.app.request(path, {
    method,
    headers: { authorization: `Bearer ${k.adminToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};
const HEADER = 'month,channel,campaign,amount,currency';

describe('marketing spend over HTTP', () => {
  it('saves typed rows, replaces the same month+channel+campaign, lists them and audits each save', async () => {
    k = await startTestKindling({}, { clock: () => T0, log: () => {} });
    const saved = await call('PUT', '/api/spend', {
      rows: [
        { month: '2026-07', channel: 'paid_search', amount: 3000, currency: 'eur' },
        { month: '2026-07', campaign: 'spring', amount: 999.5, currency: 'EUR' },
      ],
    });
    expect(saved).toEqual({ status: 200, body: { saved: 2 } });
    await call('PUT', '/api/spend', { rows: [{ month: '2026-07', channel: 'paid_search', amount: 3100.25, currency: 'EUR' }] });
    const { body } = await call('GET', '/api/spend?from=2026-07&to=2026-07');
    expect(body.rows).toEqual([
      { month: '2026-07', channel: '', campaign: 'spring', amount: 999.5, currency: 'EUR', updatedAt: T0 },
      { month: '2026-07', channel: 'paid_search', campaign: '', amount: 3100.25, currency: 'EUR', updatedAt: T0 },
    ]);
    expect(await rows(k, "SELECT action, detail FROM audit_log WHERE action LIKE 'spend.%' ORDER BY id")).toEqual([
      { action: 'spend.saved', detail: JSON.stringify({ rows: 2, months: '2026-07' }) },
      { action: 'spend.saved', detail: JSON.stringify({ rows: 1, months: '2026-07' }) },
    ]);
  });

  it.each([
    ['no channel nor campaign', { month: '2026-07', amount: 1, currency: 'EUR' }, 'rows.0.channel'],
    ['an unknown channel', { month: '2026-07', channel: 'tv', amount: 1, currency: 'EUR' }, 'rows.0.channel'],
    ['month 13', { month: '2026-13', channel: 'email', amount: 1, currency: 'EUR' }, 'rows.0.month'],
    ['a negative amount', { month: '2026-07', channel: 'email', amount: -1, currency: 'EUR' }, 'rows.0.amount'],
    ['three decimals', { month: '2026-07', channel: 'email', amount: 1.005, currency: 'EUR' }, 'rows.0.amount'],
    ['a currency name', { month: '2026-07', channel: 'email', amount: 1, currency: 'euro' }, 'rows.0.currency'],
  ])('refuses %s with a 400 naming the key, saving nothing', async (_name, row, path) => {
    k = await startTestKindling({}, { clock: () => T0, log: () => {} });
    const res = await call('PUT', '/api/spend', { rows: [row] });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await count(k, 'marketing_spend')).toBe(0);
  });

  it('imports a CSV idempotently, and refuses a file with bad rows naming each line, saving nothing', async () => {
    k = await startTestKindling({}, { clock: () => T0, log: () => {} });
    const bad = await call('POST', '/api/spend.csv', {
      csv: `${HEADER}\r\n2026-07,email,,500,EUR\r\n2026-07,,,10,EUR\r\n2026-07,paid_search,,lots,EUR\r\n2026-07,email\r\n`,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([
      { path: 'line 3: channel', message: 'give a channel or a campaign' },
      { path: 'line 4: amount', message: expect.any(String) },
      { path: 'line 5', message: '2 fields, the header has 5' },
    ]);
    expect(await count(k, 'marketing_spend')).toBe(0);
    const missing = await call('POST', '/api/spend.csv', { csv: 'month,amount\n2026-07,5\n' });
    expect(missing.body.error.details).toEqual([
      { path: 'header', message: 'missing column channel' },
      { path: 'header', message: 'missing column campaign' },
      { path: 'header', message: 'missing column currency' },
    ]);

    // Columns in any order; a quoted campaign with a comma.
    const csv = `currency,amount,month,campaign,channel\nEUR,500,2026-07,,email\nEUR,1000,2026-07,"spring, EU",\n`;
    expect(await call('POST', '/api/spend.csv', { csv })).toEqual({ status: 200, body: { saved: 2 } });
    expect(await call('POST', '/api/spend.csv', { csv })).toEqual({ status: 200, body: { saved: 2 } });
    const { body } = await call('GET', '/api/spend');
    expect(body.rows.map((r: Record<string, unknown>) => [r.channel, r.campaign, r.amount])).toEqual([
      ['', 'spring, EU', 1000],
      ['email', '', 500],
    ]);
    expect(await count(k, 'audit_log', "action = 'spend.imported'")).toBe(2);
  });

  it('downloads the CAC table of a period, "—" where there is nothing to divide by', async () => {
    k = await startTestKindling({}, { clock: () => T0, log: () => {} });
    await call('PUT', '/api/spend', { rows: [{ month: '2026-07', channel: 'paid_search', amount: 3000, currency: 'EUR' }] });
    const res = await k.app.request('/api/funnel.csv?from=2026-07-01&to=2026-07-31&table=cac', {
      headers: { authorization: `Bearer ${k.adminToken}` },
    });
    const lines = (await res.text()).replace(/^\uFEFF/, '').split('\r\n');
    expect(lines.slice(0, 4)).toEqual([
      'attribution,kind,name,currency,spend,mql,sql,won,cost_per_mql,cost_per_sql,cost_per_won',
      'first_touch,channel,paid_search,EUR,3000,0,0,0,—,—,—',
      'last_touch,channel,paid_search,EUR,3000,0,0,0,—,—,—',
      'all,total,(all),EUR,3000,0,0,0,—,—,—',
    ]);
  });
});
