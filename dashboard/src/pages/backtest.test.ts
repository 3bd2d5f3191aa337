// @vitest-environment happy-dom
import { html } from 'htm/preact';
import { describe, expect, it } from 'vitest';
import { fakeApi, mount, waitFor } from '../../test/render.js';
import { parseHash } from '../router.js';
import { BacktestPage, rulesText } from './backtest.js';
import type { BacktestReport, RuleSetReport } from '../types.js';

const set = (over: Partial<RuleSetReport>): RuleSetReport => ({
  counts: { lead: 1, mql: 1, near_sql: 1, sql: 3 },
  alertsPerWeek: { '2025-W10': 2, '2025-W11': 1 },
  alerts: 3,
  confusion: { truePositive: 2, falsePositive: 1, falseNegative: 1, trueNegative: 1 },
  precision: 0.6667,
  recall: 0.6667,
  mqlToSql: 0.6,
  sqlToWon: 0.3333,
  ruleLift: [
    { ruleId: 'pricing', leads: 4, positive: 3, negative: 1, positiveRate: 0.75, lift: 1.25 },
    { ruleId: 'careers', leads: 2, positive: 0, negative: 2, positiveRate: 0, lift: 0 },
  ],
  ...over,
});

const REPORT: BacktestReport = {
  now: Date.UTC(2025, 2, 16, 10),
  leads: 6,
  events: 24,
  judged: { positive: 3, negative: 2 },
  current: set({}),
  proposed: set({
    counts: { lead: 2, mql: 1, near_sql: 1, sql: 2 },
    alertsPerWeek: { '2025-W10': 1, '2025-W11': 1 },
    alerts: 2,
    precision: 1,
    ruleLift: [
      { ruleId: 'pricing', leads: 4, positive: 3, negative: 1, positiveRate: 0.75, lift: 1.25 },
      { ruleId: 'webinar', leads: 2, positive: 2, negative: 0, positiveRate: 1, lift: 1.6667 },
    ],
  }),
  bandChanges: [{ leadId: 6, email: 'l6@zeta.io', from: 'lead', to: 'sql', scoreFrom: 40, scoreTo: 144.8, disposition: 'won' }],
  bandChangesTotal: 1,
  ms: 120,
};

const RULES_VIEW = { halfLifeDays: 30, engagementRules: [{ id: 'pricing', points: 30 }], fingerprint: 'abc', rescoreDue: false };

const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
/** A table row as its cells' texts, one space apart. */
const cells = (tr: Element | null) => [...(tr?.querySelectorAll('th, td') ?? [])].map(text).filter(Boolean).join(' ');

describe('backtest page', () => {
  it('prefills the rules in force (without the view-only keys)', () => {
    expect(JSON.parse(rulesText(RULES_VIEW))).toEqual({ halfLifeDays: 30, engagementRules: [{ id: 'pricing', points: 30 }] });
  });

  it('posts the edited rules and shows the comparison, the weeks, the lift and the changed leads', async () => {
    const calls = fakeApi({ 'GET /api/rules': () => RULES_VIEW, 'POST /api/backtest': () => REPORT });
    const el = await mount(html`<${BacktestPage} route=${parseHash('#/backtest')} />`);
    await waitFor(() => expect(el.querySelector('textarea')).not.toBeNull());
    const area = el.querySelector('textarea') as HTMLTextAreaElement;
    expect(JSON.parse(area.value)).toEqual({ halfLifeDays: 30, engagementRules: [{ id: 'pricing', points: 30 }] });
    area.value = JSON.stringify({ halfLifeDays: 14 });
    area.dispatchEvent(new Event('input', { bubbles: true }));
    (el.querySelector('button.primary') as HTMLButtonElement).click();
    await waitFor(() => expect(el.querySelector('[data-report="ready"]')).not.toBeNull());

    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ halfLifeDays: 14 });
    expect(cells(el.querySelector('tr[data-row="sql"]'))).toBe('SQL now 3 2 −1');
    expect(cells(el.querySelector('tr[data-row="precision"]'))).toContain('66.7% 100% +33.3 pt');
    expect(el.querySelector('tr[data-row="precision"] .good')).not.toBeNull();
    expect(cells(el.querySelector('tr[data-week="2025-W10"]'))).toBe('2025-W10 2 1');
    expect(cells(el.querySelector('tr[data-rule="webinar"]'))).toBe('webinar 2 2 0 100% 1.67 new');
    expect(cells(el.querySelector('tr[data-rule="careers"]'))).toContain('(removed)');
    expect(el.querySelector('tr[data-rule="careers"] td.bad, tr[data-rule="pricing"] td.good')).not.toBeNull();
    const change = el.querySelector('tr[data-lead-id="6"]')!;
    expect(cells(change)).toBe('l6@zeta.io Lead SQL 40.0 → 144.8 won');
    expect(change.querySelector('a')!.getAttribute('href')).toBe('#/leads/6');
  });

  it('says so when the rules are not JSON, without calling the API', async () => {
    const calls = fakeApi({ 'GET /api/rules': () => RULES_VIEW });
    const el = await mount(html`<${BacktestPage} route=${parseHash('#/backtest')} />`);
    await waitFor(() => expect(el.querySelector('textarea')).not.toBeNull());
    const area = el.querySelector('textarea') as HTMLTextAreaElement;
    area.value = '{ "halfLifeDays": ';
    area.dispatchEvent(new Event('input', { bubbles: true }));
    (el.querySelector('button.primary') as HTMLButtonElement).click();
    await waitFor(() => expect(text(el.querySelector('.form-error'))).toContain('not valid JSON'));
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
  });

  it("shows the collector's message for rules it refuses", async () => {
    fakeApi({
      'GET /api/rules': () => RULES_VIEW,
      'POST /api/backtest': () => {
        throw new Error('unused');
      },
    });
    const { setFetch } = await import('../api.js');
    setFetch(async (input, init) =>
      String(input).endsWith('/api/rules')
        ? new Response(JSON.stringify(RULES_VIEW), { status: 200 })
        : new Response(JSON.stringify({ error: { code: 'bad_request', message: 'invalid proposed rules: halfLifeDays: Too small' } }), { status: init?.method === 'POST' ? 400 : 404 }),
    );
    const el = await mount(html`<${BacktestPage} route=${parseHash('#/backtest')} />`);
    await waitFor(() => expect(el.querySelector('textarea')).not.toBeNull());
    (el.querySelector('button.primary') as HTMLButtonElement).click();
    await waitFor(() => expect(text(el.querySelector('.form-error'))).toBe('invalid proposed rules: halfLifeDays: Too small'));
  });
});
