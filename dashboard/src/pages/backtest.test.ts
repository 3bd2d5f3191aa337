// @vitest-environment happy-dom
import { html } from 'htm/preact';
import { describe, expect, it } from 'vitest';
import { fakeApi, mount, waitFor } from '../../../test/support/dashboard.js';
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
  outcomes: { judged: 5, positive: 3, negative: 2, tooFew: true, onlyFlaggedJudged: false },
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
  workers: 2,
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
    expect(el.querySelector('[data-outcomes]')!.textContent).toContain('rest on 5 leads with a known outcome');
    expect(el.querySelector('[data-outcomes]')!.textContent).toContain('Too few outcomes');
    expect(cells(el.querySelector('tr[data-week="2025-W10"]'))).toBe('2025-W10 2 1');
    expect(cells(el.querySelector('tr[data-rule="webinar"]'))).toBe('webinar 2 2 0 100% 1.67 new');
    expect(cells(el.querySelector('tr[data-rule="careers"]'))).toContain('(removed)');
    expect(el.querySelector('tr[data-rule="careers"] td.bad, tr[data-rule="pricing"] td.good')).not.toBeNull();
    const change = el.querySelector('tr[data-lead-id="6"]')!;
    expect(cells(change)).toBe('l6@zeta.io Lead SQL 40.0 → 144.8 won');
    expect(change.querySelector('a')!.getAttribute('href')).toBe('#/leads/6');
  });

  it('offers the common changes as a form that writes the JSON, and explains lift', async () => {
    const view = {
      halfLifeDays: 30,
      stages: { hysteresis: 0.2, mql: { score: 50, minEngagement: 20 } },
      engagementRules: [
        { id: 'pricing', label: 'Pricing', points: 10, cap: { points: 30, days: 7 } },
        { id: 'docs', label: 'Docs', points: 2 },
      ],
      fitRules: [{ id: 'senior', label: 'Senior title', points: 15 }],
      fingerprint: 'abc',
      rescoreDue: false,
    };
    const calls = fakeApi({ 'GET /api/rules': () => view, 'POST /api/backtest': () => REPORT });
    const el = await mount(html`<${BacktestPage} route=${parseHash('#/backtest')} />`);
    await waitFor(() => expect(el.querySelector('[data-field="engagementRules.0.points"]')).not.toBeNull());
    const field = (name: string) => el.querySelector(`[data-field="${name}"]`) as HTMLInputElement;
    const change = async (name: string, value: string) => {
      field(name).value = value;
      field(name).dispatchEvent(new Event('change', { bubbles: true }));
      await waitFor(() => expect(field(name).value).toBe(value));
    };
    expect(field('stages.mql.score').value).toBe('50');
    expect(field('engagementRules.0.cap.days').value).toBe('7');
    expect(field('engagementRules.1.cap.points').value).toBe('');
    await change('engagementRules.0.points', '15');
    await change('engagementRules.0.cap.points', '');
    await change('engagementRules.1.cap.points', '6');
    await change('fitRules.0.points', '20');
    await change('stages.mql.score', '40');
    await change('halfLifeDays', '14');
    const posted = {
      halfLifeDays: 14,
      stages: { hysteresis: 0.2, mql: { score: 40, minEngagement: 20 } },
      engagementRules: [
        { id: 'pricing', label: 'Pricing', points: 15 },
        { id: 'docs', label: 'Docs', points: 2, cap: { points: 6, days: 7 } },
      ],
      fitRules: [{ id: 'senior', label: 'Senior title', points: 20 }],
    };
    expect(JSON.parse((el.querySelector('textarea') as HTMLTextAreaElement).value)).toEqual(posted);
    (el.querySelector('button.primary') as HTMLButtonElement).click();
    await waitFor(() => expect(el.querySelector('[data-report="ready"]')).not.toBeNull());
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual(posted);
    expect(text(el.querySelector('.lift-explained'))).toContain('twice as often as the average');
  });

  it('leaves the form for the JSON view while the JSON does not parse', async () => {
    fakeApi({ 'GET /api/rules': () => RULES_VIEW });
    const el = await mount(html`<${BacktestPage} route=${parseHash('#/backtest')} />`);
    await waitFor(() => expect(el.querySelector('[data-field="halfLifeDays"]')).not.toBeNull());
    const area = el.querySelector('textarea') as HTMLTextAreaElement;
    area.value = '{ "halfLifeDays": ';
    area.dispatchEvent(new Event('input', { bubbles: true }));
    await waitFor(() => expect(text(el.querySelector('.backtest-page .form-error'))).toContain('not valid JSON'));
    expect(el.querySelector('[data-field="halfLifeDays"]')).toBeNull();
  });

  it('says so when the rules are not JSON, without calling the API', async () => {
    const calls = fakeApi({ 'GET /api/rules': () => RULES_VIEW });
    const el = await mount(html`<${BacktestPage} route=${parseHash('#/backtest')} />`);
    await waitFor(() => expect(el.querySelector('textarea')).not.toBeNull());
    const area = el.querySelector('textarea') as HTMLTextAreaElement;
    area.value = '{ "halfLifeDays": ';
    area.dispatchEvent(new Event('input', { bubbles: true }));
    (el.querySelector('button.primary') as HTMLButtonElement).click();
    await waitFor(() => expect(text(el.querySelector('.inline-form + .form-error'))).toContain('not valid JSON'));
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
        : new Response(JSON.stringify({ error: { code: 'bad_request', message: 'invalid proposed rules: halfLifeDays: Too small' } }), {
            status: init?.method === 'POST' ? 400 : 404,
          }),
    );
    const el = await mount(html`<${BacktestPage} route=${parseHash('#/backtest')} />`);
    await waitFor(() => expect(el.querySelector('textarea')).not.toBeNull());
    (el.querySelector('button.primary') as HTMLButtonElement).click();
    await waitFor(() => expect(text(el.querySelector('.form-error'))).toBe('invalid proposed rules: halfLifeDays: Too small'));
  });
});
