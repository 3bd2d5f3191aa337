// @vitest-environment happy-dom
import { html } from 'htm/preact';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, mount, waitFor } from '../../../test/support/dashboard.js';
import type { Review } from '../types.js';
import { quarterOf, ReviewPage } from './review.js';

const distribution = (
  n: number,
  min: number | null,
  p25: number | null,
  median: number | null,
  p75: number | null,
  max: number | null,
) => ({
  n,
  min,
  p25,
  median,
  p75,
  max,
});
const REVIEW: Review = {
  quarter: quarterOf(Date.now()),
  outcomes: { won: 6, lostRejected: 5, minimum: 5 },
  lifts: [
    { ruleId: 'pricing', won: 4, wonTotal: 6, lostRejected: 2, lostRejectedTotal: 5, lift: 1.667, tooFew: false },
    { ruleId: 'careers', won: 1, wonTotal: 6, lostRejected: 3, lostRejectedTotal: 5, lift: 0.278, tooFew: false },
    { ruleId: 'webinar', won: 2, wonTotal: 6, lostRejected: 0, lostRejectedTotal: 5, lift: null, tooFew: false },
  ],
  thresholds: {
    thresholds: { mqlScore: 50, sqlEngagement: 120, nearSqlMaxMissingBant: 1 },
    wonAtSqlEntry: distribution(5, 60, 70, 80, 90, 100),
    wonAtFirstAction: distribution(6, 40, 56, 65, 78, 95),
    wonBelowMql: 1,
  },
  sla: { slaHours: 48, withinSla: 3, late: 1, pending: 0, share: 0.75, medianToFirstActionMs: 20 * 3_600_000 },
  proposal: { kind: 'drop-rule', ruleId: 'careers', lift: 0.278, why: 'won leads matched "careers" 0.278 times as often' },
  backtest: {
    current: { precision: 0.6667, recall: 0.6667, sqlNow: 3, judged: 11, tooFew: true },
    proposed: { precision: 1, recall: 0.6667, sqlNow: 2, judged: 11, tooFew: true },
  },
};

afterEach(() => vi.restoreAllMocks());

describe('review page', () => {
  it("shows the quarter's lifts, thresholds, SLA and the proposal beside the current rules, and prints", async () => {
    const calls = fakeApi({ 'GET /api/review': () => REVIEW });
    const print = vi.fn();
    Object.assign(window, { print });
    const el = await mount(html`<${ReviewPage} />`);
    await waitFor(() => expect(el.querySelector('[data-outcomes]')).not.toBeNull());
    expect(calls[0]!.path).toBe(`/api/review?quarter=${REVIEW.quarter}`);
    expect(el.querySelector('[data-outcomes]')!.textContent).toContain('6 won, 5 lost or rejected');
    expect(el.querySelector('[data-rule="pricing"] [data-lift]')!.textContent).toBe('1.67');
    expect(el.querySelector('[data-rule="webinar"] [data-lift]')!.textContent).toBe('—');
    expect(el.querySelector('[data-threshold="mql"]')!.textContent).toBe('50');
    expect([...el.querySelectorAll('.review-thresholds [data-median]')].map((td) => td.textContent)).toEqual(['80', '65']);
    expect(el.querySelector('[data-sla]')!.textContent).toContain('75%');
    expect(el.querySelector('[data-proposal]')!.textContent).toContain('Drop the rule “careers”');
    const precision = el.querySelector('[data-metric="precision"]')!;
    expect([...precision.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['66.7%', '100%']);
    expect(el.textContent).toContain('too few outcomes (11 judged leads)');
    [...el.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === 'Print')!.click();
    expect(print).toHaveBeenCalledOnce();
  });

  it('asks again for another quarter', async () => {
    const calls = fakeApi({ 'GET /api/review': (c) => ({ ...REVIEW, quarter: new URL(c.path, 'http://x').searchParams.get('quarter') }) });
    const el = await mount(html`<${ReviewPage} />`);
    await waitFor(() => expect(el.querySelector('[data-outcomes]')).not.toBeNull());
    const select = el.querySelector('select')!;
    const previous = select.options[1]!.value;
    select.value = previous;
    select.dispatchEvent(new Event('change'));
    await waitFor(() => expect(calls.at(-1)!.path).toBe(`/api/review?quarter=${previous}`));
  });

  it('has a print stylesheet: no navigation or buttons, black on white, tables unbroken', () => {
    const css = readFileSync('dashboard/public/style.css', 'utf8');
    const print = css.slice(css.indexOf('@media print'));
    expect(print).toMatch(/\.topbar,[\s\S]*button,[\s\S]*display: none !important/);
    expect(print).toMatch(/background: #fff !important;\s*color: #000 !important/);
    expect(print).toMatch(/table,\s*tr,[\s\S]*break-inside: avoid/);
  });
});
