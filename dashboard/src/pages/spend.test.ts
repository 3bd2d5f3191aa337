// @vitest-environment happy-dom
import { html } from 'htm/preact';
import { describe, expect, it } from 'vitest';
import { fakeApi, mount, Reply, waitFor } from '../../../test/support/dashboard.js';
import { SpendPage } from './spend.js';

const ROW = { month: '2025-03', channel: 'paid_search', campaign: 'spring <b>', amount: 1200.5, currency: 'EUR', updatedAt: 1 };
const set = (el: Element, selector: string, value: string) => {
  const input = el.querySelector(selector) as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event('change', { bubbles: true }));
};

describe('spend page', () => {
  it('lists the range of months, escaped, and asks again when the range changes', async () => {
    const calls = fakeApi({ 'GET /api/spend': () => ({ rows: [ROW] }) });
    const el = await mount(html`<${SpendPage} />`);
    await waitFor(() => expect(el.querySelector('.spend-table tbody tr')).not.toBeNull());
    const cells = [...el.querySelectorAll('.spend-table tbody td')].map((td) => td.textContent);
    expect(cells).toEqual(['2025-03', 'Paid search', 'spring <b>', '€1,200.50']);
    expect(el.querySelector('.spend-table b')).toBeNull();
    set(el, '#spend-from', '2024-01');
    set(el, '#spend-to', '2024-06');
    await waitFor(() => expect(calls.at(-1)!.path).toBe('/api/spend?from=2024-01&to=2024-06'));
  });

  it("saves a typed row, shows the server's refusal inline, and lists again after saving", async () => {
    let tries = 0;
    const calls = fakeApi({
      'GET /api/spend': () => ({ rows: tries > 1 ? [ROW] : [] }),
      'PUT /api/spend': () =>
        ++tries === 1
          ? new Reply(400, {
              error: {
                code: 'bad_request',
                message: 'invalid body',
                details: [{ path: 'rows.0.currency', message: 'a three-letter <i>code</i>' }],
              },
            })
          : { saved: 1 },
    });
    const el = await mount(html`<${SpendPage} />`);
    await waitFor(() => expect(el.textContent).toContain('No spend entered'));
    const form = el.querySelector('form.spend-form')!;
    set(el, '#spend-month', '2025-03');
    set(el, '#spend-channel', 'paid_search');
    set(el, '#spend-campaign', ' spring ');
    set(el, '#spend-amount', '1200.5');
    set(el, '#spend-currency', 'EURO');
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await waitFor(() => expect(form.querySelector('[role=alert]')!.textContent).toContain('rows.0.currency: a three-letter <i>code</i>'));
    expect(form.querySelector('[role=alert] i')).toBeNull();
    set(el, '#spend-currency', 'eur');
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await waitFor(() => expect(form.querySelector('[role=status]')!.textContent).toBe('Saved 1 row.'));
    expect(calls.filter((c) => c.method === 'PUT').at(-1)!.body).toEqual({
      rows: [{ month: '2025-03', channel: 'paid_search', campaign: 'spring', amount: 1200.5, currency: 'eur' }],
    });
    await waitFor(() => expect(el.querySelector('.spend-table tbody tr')).not.toBeNull());
  });

  it('imports a picked CSV file as text and shows the per-line problems or the saved count', async () => {
    let tries = 0;
    const calls = fakeApi({
      'GET /api/spend': () => ({ rows: [] }),
      'POST /api/spend.csv': () =>
        ++tries === 1
          ? new Reply(400, {
              error: {
                code: 'bad_request',
                message: '1 problem(s) in the spend CSV; nothing was saved',
                details: [{ path: 'line 3', message: 'amount: at most two decimals' }],
              },
            })
          : { saved: 2 },
    });
    const el = await mount(html`<${SpendPage} />`);
    const input = el.querySelector('#spend-csv') as HTMLInputElement;
    const csv = 'month,channel,campaign,amount,currency\n2025-03,paid_search,,100,EUR\n2025-04,email,,50.001,EUR\n';
    const pick = () => {
      Object.defineProperty(input, 'files', { value: [new File([csv], 'spend.csv', { type: 'text/csv' })], configurable: true });
      input.dispatchEvent(new Event('change', { bubbles: true }));
    };
    pick();
    const card = el.querySelector('.spend-import')!;
    await waitFor(() => expect(card.querySelector('[role=alert]')!.textContent).toContain('line 3: amount: at most two decimals'));
    pick();
    await waitFor(() => expect(card.querySelector('[role=status]')!.textContent).toBe('Saved 2 rows.'));
    expect(calls.filter((c) => c.path === '/api/spend.csv').map((c) => c.body)).toEqual([{ csv }, { csv }]);
  });
});
