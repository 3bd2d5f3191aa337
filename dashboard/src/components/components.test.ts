// @vitest-environment happy-dom
import { html } from 'htm/preact';
import { describe, expect, it } from 'vitest';
import { mount } from '../../../test/support/dashboard.js';
import { makeDetail, makeLead, NOW } from '../../../test/support/dashboard.js';
import { LeadTable } from './lead-table.js';
import { barWidths, RateBar, SliceBar, sliceTotal, StageBars } from './charts.js';
import { axisLabels, chartData, readout } from './score-chart.js';
import { clockTime, dateTime, dayMonth } from '../format.js';
import { Breakdown, decayOf } from '../pages/lead/breakdown.js';
import { Timeline } from '../pages/lead/timeline.js';
import { Identity, bantAnswers } from '../pages/lead/identity.js';
import { MainNav } from '../nav.js';

const XSS = '<img src=x onerror=alert(1)>';
const H = 3_600_000;

describe('lead table', () => {
  it('shows hostile names, titles and reasons as text, never as markup', async () => {
    const lead = makeLead({ name: XSS, company: `<b>bold</b>`, title: '<script>alert(1)</script>', topReason: '<svg onload=alert(1)>' });
    const el = await mount(html`<${LeadTable} leads=${[lead]} now=${NOW} slaHours=${48} />`);
    expect(el.querySelector('img, b, script, svg')).toBeNull();
    expect(el.querySelector('.lead-name')!.textContent).toBe(XSS);
    expect(el.textContent).toContain('<b>bold</b>');
    expect(el.textContent).toContain('<svg onload=alert(1)>');
  });

  it('ranks as given and marks overdue SQLs only', async () => {
    const leads = [
      makeLead({ id: 1, stage: 'sql', sqlSince: NOW - 60 * H }),
      makeLead({ id: 2, stage: 'sql', sqlSince: NOW - 60 * H, disposition: 'accepted' }),
      makeLead({ id: 3, stage: 'sql', sqlSince: NOW - 10 * H }),
    ];
    const el = await mount(html`<${LeadTable} leads=${leads} now=${NOW} slaHours=${48} />`);
    const rows = [...el.querySelectorAll('tr.lead-row')];
    expect(rows.map((r) => r.getAttribute('data-lead-id'))).toEqual(['1', '2', '3']);
    expect(rows.map((r) => !!r.querySelector('.overdue'))).toEqual([true, false, false]);
    expect(rows[0]!.querySelector('.overdue')!.textContent).toContain('12 h');
    expect(rows[1]!.querySelector('[data-stage="accepted"]')).not.toBeNull();
  });

  it('links each lead to its page and shows its grade, reason and last visit', async () => {
    const el = await mount(html`<${LeadTable} leads=${[makeLead({ id: 9, fitGrade: 'A' })]} now=${NOW} slaHours=${48} />`);
    expect(el.querySelector('a.lead-name')!.getAttribute('href')).toBe('#/leads/9');
    expect(el.querySelector('.grade')!.textContent).toBe('A');
    expect(el.querySelector('.reason')!.textContent).toBe('visited /pricing 3× this week');
    expect(el.querySelector('.seen')!.textContent).toBe('5 min ago');
  });
});

describe('score breakdown', () => {
  it('shows each rule with points, cap, decay and what counts now, and opens its events', async () => {
    const { score } = makeDetail();
    const el = await mount(html`<${Breakdown} breakdown=${score.breakdown} engagement=${39.5} fit=${25} reasons=${score.reasons} />`);
    const pricing = el.querySelector('tr[data-rule="pricing-view"]')!;
    const cells = [...pricing.querySelectorAll('td')].map((td) => td.textContent!.trim());
    expect(cells.slice(1)).toEqual(['3', '+40.0', '−10.0', '−2.5', '+27.5']);
    expect(decayOf(score.breakdown[0]!)).toBeCloseTo(2.5);
    expect(el.querySelector('.reasons')!.textContent).toContain('visited /pricing 3× this week');
    expect(el.querySelectorAll('.breakdown-group')).toHaveLength(2);
    expect(el.querySelector('tr.rule-events')).toBeNull();
    (pricing.querySelector('button.disclose') as HTMLButtonElement).click();
    await new Promise((r) => setTimeout(r, 10));
    expect(el.querySelectorAll('tr.rule-events tbody tr')).toHaveLength(3);
  });
});

describe('timeline', () => {
  it('groups by session, shows form fields and time on page, and never links a javascript: URL', async () => {
    const el = await mount(html`<${Timeline} sessions=${makeDetail().sessions} />`);
    expect(el.querySelectorAll('.session')).toHaveLength(1);
    expect(el.querySelector('.ev-form .fields')!.textContent).toContain('company');
    expect(el.querySelector('.ev-pageview .ev-engaged')!.textContent).toBe('1 min 30 s on page');
    expect(el.querySelectorAll('.ev-engage')).toHaveLength(0);
    const download = el.querySelector('.ev-download')!;
    expect(download.querySelector('a')).toBeNull();
    expect(download.textContent).toContain('javascript:alert(1)');
  });
});

describe('identity', () => {
  it('finds BANT answers among the traits', async () => {
    const { lead } = makeDetail();
    expect(bantAnswers(lead.traits).map((b) => [b.label, b.value])).toEqual([
      ['Budget', 'approved'],
      ['Authority', null],
      ['Need', null],
      ['Timeline', 'this quarter'],
    ]);
    const el = await mount(html`<${Identity} lead=${lead} now=${NOW} />`);
    expect(el.querySelectorAll('.bant .known')).toHaveLength(2);
    expect(el.querySelector('.traits')!.textContent).toContain('company_size');
    expect(el.querySelector('.traits')!.textContent).not.toContain('budget');
  });
});

describe('charts', () => {
  it('draws leads per stage and per decision on one scale', async () => {
    expect(barWidths([100, 50, 0])).toEqual([100, 50, 0]);
    expect(barWidths([1000, 1])).toEqual([100, 1.5]);
    expect(barWidths([0, 0])).toEqual([0, 0]);
    const el = await mount(html`<${StageBars} counts=${{ lead: 100, mql: 25, sql: 5, won: 2 }} />`);
    const rects = [...el.querySelectorAll('rect.funnel-step')];
    expect(rects.map((r) => r.getAttribute('class')!.replace('funnel-step stage-fill-', ''))).toEqual([
      'lead',
      'mql',
      'near_sql',
      'sql',
      'accepted',
      'rejected',
      'won',
      'lost',
    ]);
    expect(rects.map((r) => Number(r.getAttribute('width')))).toEqual([100, 25, 0, 5, 0, 0, 2, 0]);
    expect(el.querySelector('[data-count="mql"]')!.textContent).toBe('25');
  });

  it('stacks a slice by stage, scaled to the biggest slice', async () => {
    const counts = { lead: 6, mql: 3, near_sql: 0, sql: 1, won: 1 };
    expect(sliceTotal(counts)).toBe(10);
    const el = await mount(html`<${SliceBar} counts=${counts} max=${20} />`);
    const rects = [...el.querySelectorAll('rect:not(.empty-fill)')];
    expect(rects.map((r) => [Number(r.getAttribute('x')), Number(r.getAttribute('width'))])).toEqual([
      [0, 30],
      [30, 15],
      [45, 0],
      [45, 5],
    ]);
  });

  it('places the reference figures on the rate bar', async () => {
    const el = await mount(
      html`<${RateBar}
        label="MQL to SQL"
        rate=${0.2}
        references=${[
          { at: 0.13, label: 'average' },
          { at: 0.4, label: 'best' },
        ]}
      />`,
    );
    expect((el.querySelector('.rate-fill') as HTMLElement).style.width).toBe('20%');
    expect([...el.querySelectorAll('.rate-ref')].map((r) => (r as HTMLElement).style.left)).toEqual(['13%', '40%']);
    expect(el.querySelector('.rate-bar')!.getAttribute('aria-label')).toBe('MQL to SQL: 20%; average 13%, best 40%');
  });

  it('feeds uPlot seconds, in order, ending at the current score', () => {
    expect(
      chartData(
        [
          { at: 2000, score: 5 },
          { at: 1000, score: 3 },
        ],
        { at: 3000, score: 4 },
      ),
    ).toEqual([
      [1, 2, 3],
      [3, 5, 4],
    ]);
    expect(chartData([{ at: 2000, score: 5 }], { at: 1000, score: 4 })).toEqual([[2], [5]]);
  });

  it('reads out the latest point until a point is hovered, in the dashboard date format', () => {
    const t = Date.UTC(2025, 4, 20, 14, 5);
    const data = chartData([{ at: t - 86_400_000, score: 12 }], { at: t, score: 30.25 });
    expect(readout(data, null)).toBe(`${dateTime(t)} · score 30.3`);
    expect(readout(data, 0)).toBe(`${dateTime(t - 86_400_000)} · score 12.0`);
    expect(readout(data, null)).not.toContain('—');
    expect(readout([[], []], null)).toBe('');
  });

  it('labels the time axis with days, or with the time of day when the history is short', () => {
    const t = Date.UTC(2025, 4, 20, 14, 5) / 1000;
    expect(axisLabels([t, t + 5 * 86_400])).toEqual([dayMonth(t * 1000), dayMonth((t + 5 * 86_400) * 1000)]);
    expect(axisLabels([t, t + 3600])).toEqual([clockTime(t * 1000).slice(0, 5), clockTime((t + 3600) * 1000).slice(0, 5)]);
    expect(axisLabels([t, t + 3600])[0]).toMatch(/^\d\d:\d\d$/);
  });
});

describe('main navigation by role', () => {
  const links = async (role: 'admin' | 'marketing' | 'sales' | null) =>
    [...(await mount(html`<${MainNav} role=${role} page=${'leads'} />`)).querySelectorAll('nav a')].map((a) => a.textContent);

  it('shows each role only the pages it may use (the admin token counts as admin)', async () => {
    expect(await links('admin')).toEqual([
      'Hot leads',
      'Funnel',
      'Companies',
      'Backtest',
      'Review',
      'Spend',
      'Settings',
      'Team',
      'My alerts',
    ]);
    expect(await links('marketing')).toEqual(['Hot leads', 'Funnel', 'Companies', 'Backtest', 'Review', 'Spend', 'Settings', 'My alerts']);
    expect(await links('sales')).toEqual(['Hot leads', 'Companies', 'My alerts']);
    // Before /api/me answers: only what everyone may use, so no link flashes up and away.
    expect(await links(null)).toEqual(['Hot leads', 'Companies', 'My alerts']);
  });

  it('marks the current page, the lead page under Hot leads', async () => {
    const el = await mount(html`<${MainNav} role=${'sales'} page=${'lead'} />`);
    expect(el.querySelector('a.active')!.textContent).toBe('Hot leads');
    expect(el.querySelector('a[aria-current=page]')).toBeNull();
  });
});
