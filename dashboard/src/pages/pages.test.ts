// @vitest-environment happy-dom
import { html } from 'htm/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, mount, Reply, waitFor } from '../../../test/support/dashboard.js';
import type { WebhookMessage } from '../types.js';
import { COMPANY, ENDPOINT, MESSAGE, makeDetail, makeFunnel, makePeriodFunnel, makeLead, SITE } from '../../../test/support/dashboard.js';
import { createLiveFeed, LiveContext } from '../live.js';
import { parseHash } from '../router.js';
import { App } from '../app.js';
import { firstPageQuery, LeadsPage } from './leads.js';
import { leadsPath, prefetch } from '../api.js';
import { LeadPage } from './lead/index.js';
import { FunnelPage } from './funnel.js';
import { CompaniesPage } from './companies.js';
import { AccountPage } from './account.js';
import { SettingsPage } from './settings/index.js';
import { WebhooksSection } from './settings/webhooks.js';

// happy-dom has no canvas: a stand-in chart records what it was asked to draw.
const charts = vi.hoisted(() => [] as unknown[][]);
vi.mock('uplot', () => ({
  default: class {
    constructor(_opts: unknown, data: unknown[]) {
      charts.push(data);
    }
    setSize() {}
    destroy() {}
  },
}));

/** A live feed whose EventSource the test controls. */
function testFeed() {
  let source: { emit: (type: string, data: string) => void } | null = null;
  const feed = createLiveFeed({
    create: () => {
      const listeners = new Map<string, ((ev: { data: string }) => void)[]>();
      source = { emit: (type, data) => listeners.get(type)?.forEach((fn) => fn({ data })) };
      return {
        readyState: 1,
        close() {},
        addEventListener: (t: string, fn: (ev: { data: string }) => void) => listeners.set(t, [...(listeners.get(t) ?? []), fn]),
      } as unknown as EventSource;
    },
  });
  feed.open();
  return { feed, send: (leadId: number, type = 'lead.updated') => source!.emit('lead', JSON.stringify({ type, leadId, at: Date.now() })) };
}

const rows = (el: HTMLElement) => [...el.querySelectorAll('tr.lead-row')].map((r) => r.getAttribute('data-lead-id'));

afterEach(() => {
  location.hash = '';
});

describe('hot leads page', () => {
  it('lists the API page, pages on with the cursor, and refetches when a lead changes live', async () => {
    let version = 0;
    const calls = fakeApi({
      'GET /api/leads': ({ path }) =>
        path.includes('cursor=c2')
          ? { leads: [makeLead({ id: 3 })], nextCursor: null, total: 3 }
          : {
              leads: version ? [makeLead({ id: 9 }), makeLead({ id: 1 }), makeLead({ id: 2 })] : [makeLead({ id: 1 }), makeLead({ id: 2 })],
              nextCursor: 'c2',
              total: 3,
            },
    });
    const { feed, send } = testFeed();
    const el = await mount(
      html`<${LiveContext.Provider} value=${feed}><${LeadsPage} route=${parseHash('#/leads?stage=sql')} /></${LiveContext.Provider}>`,
    );
    await waitFor(() => expect(rows(el)).toEqual(['1', '2']));
    expect(calls[0]!.path).toBe('/api/leads?stage=sql&sort=score&limit=50');
    expect(el.querySelector('.pager')!.textContent).toContain('1–2 of 3 leads');

    (el.querySelector('.pager-buttons button:last-child') as HTMLButtonElement).click();
    await waitFor(() => expect(rows(el)).toEqual(['3']));
    expect(calls.at(-1)!.path).toContain('cursor=c2');
    (el.querySelector('.pager-buttons button:first-child') as HTMLButtonElement).click();
    await waitFor(() => expect(rows(el)).toEqual(['1', '2']));

    version = 1;
    const before = calls.length;
    send(9);
    send(1);
    await waitFor(() => expect(rows(el)).toEqual(['9', '1', '2']));
    expect(calls.length).toBe(before + 1); // a burst of live events is one refetch
    expect(el.querySelector('tr[data-lead-id="9"]')!.classList.contains('flash')).toBe(true);
    expect(el.textContent).toContain('Updated live at');
  });

  it('offers every stage as a filter and says when nothing matches', async () => {
    fakeApi({ 'GET /api/leads': () => ({ leads: [], nextCursor: null, total: 0 }) });
    const el = await mount(html`<${LeadsPage} route=${parseHash('#/leads?q=nobody')} />`);
    await waitFor(() => expect(el.textContent).toContain('No leads match this filter.'));
    const tabs = [...el.querySelectorAll('.tab')].map((t) => t.textContent);
    expect(tabs).toEqual(['All', 'SQL', 'Near-SQL', 'MQL', 'Lead', 'Accepted', 'Rejected', 'Won', 'Lost']);
    expect(el.querySelector('.tab[aria-selected="true"]')!.textContent).toBe('All');
    expect([...el.querySelectorAll('.tab')].find((t) => t.textContent === 'SQL')!.getAttribute('href')).toBe('#/leads?stage=sql&q=nobody');
  });
});

describe('lead page', () => {
  it('shows the lead and records a sales decision', async () => {
    let disposition: string | null = null;
    const calls = fakeApi({
      'GET /api/leads/4': () => makeDetail({ id: 4, disposition: disposition as null }),
      'POST /api/leads/4/disposition': ({ body }) => {
        disposition = (body as { disposition: string }).disposition;
        return { lead: makeLead({ id: 4, disposition: disposition as 'accepted' }) };
      },
    });
    const el = await mount(html`<${LeadPage} route=${parseHash('#/leads/4')} />`);
    await waitFor(() => expect(el.querySelector('.lead-head h1')!.textContent).toBe('Ann Example'));
    expect(el.querySelector('.big-score')!.textContent).toBe('64.5');
    expect(el.querySelector('tr[data-rule="pricing-view"]')).not.toBeNull();
    expect(el.querySelectorAll('.history li')).toHaveLength(2);
    expect(el.querySelector('.notes .note-entry')!.textContent).toMatch(
      /20 May 2025, \d\d:00 · Rejected · by ann@example.com\s*no budget until Q3/,
    );
    await waitFor(() => expect(charts.at(-1)![1]).toEqual([...makeDetail().scoreHistory.map((p) => p.score), 64.5]));
    const button = (action: string) => el.querySelector(`button[data-action="${action}"]`) as HTMLButtonElement;
    expect(button('reopen').disabled).toBe(true);
    button('accepted').click();
    await waitFor(() => expect(button('accepted').getAttribute('aria-pressed')).toBe('true'));
    expect(calls.find((c) => c.method === 'POST')).toMatchObject({ path: '/api/leads/4/disposition', body: { disposition: 'accepted' } });
    expect(button('accepted').disabled).toBe(true);
    expect(button('reopen').disabled).toBe(false);
    expect(el.querySelector('.lead-badges [data-stage="accepted"]')).not.toBeNull();
  });

  it('erases only after the email is typed', async () => {
    const calls = fakeApi({ 'GET /api/leads/4': () => makeDetail({ id: 4 }), 'POST /api/leads/4/erase': () => ({ erased: true }) });
    const el = await mount(html`<${LeadPage} route=${parseHash('#/leads/4')} />`);
    await waitFor(() => expect(el.querySelector('.danger-zone button')).not.toBeNull());
    (el.querySelector('.danger-zone button') as HTMLButtonElement).click();
    await waitFor(() => expect(el.querySelector('#erase-email')).not.toBeNull());
    const submit = el.querySelector('.erase-confirm button[type="submit"]') as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    const input = el.querySelector('#erase-email') as HTMLInputElement;
    input.value = 'ANN@acme.test';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await waitFor(() => expect(submit.disabled).toBe(false));
    submit.click();
    await waitFor(() => expect(calls.some((c) => c.path === '/api/leads/4/erase')).toBe(true));
    await waitFor(() => expect(location.hash).toBe('#/leads'));
  });

  it('says so when the lead does not exist', async () => {
    fakeApi({});
    const el = await mount(html`<${LeadPage} route=${parseHash('#/leads/77')} />`);
    await waitFor(() => expect(el.querySelector('h1')!.textContent).toBe('No such lead'));
  });
});

describe('funnel page', () => {
  it('shows counts, rates beside the references and medians', async () => {
    fakeApi({ 'GET /api/funnel': (call) => (call.path.includes('from=') ? makePeriodFunnel() : makeFunnel()) });
    const el = await mount(html`<${FunnelPage} />`);
    await waitFor(() => expect(el.querySelector('[data-kpi="mqlToSql"]')!.textContent).toBe('22.5%'));
    expect(el.querySelector('[data-kpi="sqlToWon"]')!.textContent).toBe('33.3%');
    expect(el.querySelector('[data-kpi="leadToMql"]')!.textContent).toBe('3 d');
    expect(el.textContent).toContain('average 13%');
    expect(el.textContent).toContain('best teams 40%');
    expect(el.querySelectorAll('svg.funnel-chart rect')).toHaveLength(8);
    expect(el.querySelector('[data-count="won"]')!.textContent).toBe('3');
    expect([...el.querySelectorAll('.slices tbody th')].map((t) => t.textContent)).toEqual(['google', 'direct', 'spring-launch']);
  });
});

describe('funnel over a period', () => {
  it('names the two readings, asks again when the reading changes, and shows times, SLA, channels, trends and CSV links', async () => {
    const calls = fakeApi({ 'GET /api/funnel': (call) => (call.path.includes('from=') ? makePeriodFunnel() : makeFunnel()) });
    const el = await mount(html`<${FunnelPage} />`);
    await waitFor(() => expect(el.querySelector('[data-period-count="lead"]')!.textContent).toBe('30'));
    const periodCalls = () => calls.filter((c) => c.path.includes('from='));
    expect(periodCalls()[0]!.path).toMatch(/^\/api\/funnel\?from=\d{4}-\d{2}-01&to=\d{4}-\d{2}-\d{2}&mode=activity&interval=month$/);
    expect(el.textContent).toContain('Activity: what happened in the period');
    expect(el.textContent).toContain('Cohort: how far the leads created in the period got');
    expect(el.querySelector('[data-period-rate="mqlToSql"]')!.textContent).toBe('33.3%');
    const row = el.querySelector('tr[data-step="leadToMql"]')!;
    expect([...row.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['2 d', '4 d', '8', '3']);
    expect(el.querySelector('[data-kpi="sla-share"]')!.textContent).toBe('75%');
    expect(el.querySelector('.overdue a')!.getAttribute('href')).toBe('#/leads/9');
    // Channels: the raw sources one click away; last touch on the other button.
    const channel = el.querySelector('.channels tbody details')!;
    expect(channel.querySelector('summary')!.textContent).toBe('Organic search');
    expect([...channel.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'google / (not set) (20)',
      'www.bing.com / referral (10)',
    ]);
    [...el.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.startsWith('Last touch'))!.click();
    await waitFor(() => expect(el.querySelector('.channels tbody summary')!.textContent).toBe('Email'));
    // Trends: two rate charts with their reference lines, one chart of counts.
    expect(el.querySelectorAll('svg.trend-chart')).toHaveLength(3);
    expect([...el.querySelectorAll('.trend-ref text')].map((t) => t.textContent)).toEqual(['average 13%', 'best teams 40%', 'typical 59%']);
    expect(el.querySelectorAll('svg.trend-chart .trend-line').length).toBe(2);
    const csv = [...el.querySelectorAll<HTMLAnchorElement>('.period a.csv-link')].map((a) =>
      new URL(a.href, 'http://x').searchParams.get('table'),
    );
    expect(csv).toEqual(['stages', 'times', 'overdue', 'trends', 'channels', 'cac']);
    // Acquisition cost: spend over MQLs; no SQL to divide by reads "—".
    const cac = el.querySelector('.cac-table tr[data-cac="paid_search"]')!;
    expect([...cac.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['€3,000.00', '3', '0', '0', '€1,000.00', '—', '—']);
    expect(el.querySelector('.cac-table tr[data-cac="(all)"] th')!.textContent).toBe('All channels (blended)');
    el.querySelector<HTMLInputElement>('input[name="mode"][value="cohort"]')!.click();
    await waitFor(() => expect(periodCalls().at(-1)!.path).toContain('mode=cohort'));
  });
});

describe('funnel: owners, revenue and CRM outcomes', () => {
  it('shows the SLA per owner and the won revenue of the period', async () => {
    fakeApi({ 'GET /api/funnel': (call) => (call.path.includes('from=') ? makePeriodFunnel() : makeFunnel()) });
    const el = await mount(html`<${FunnelPage} />`);
    await waitFor(() => expect(el.querySelector('.sla-owners')).not.toBeNull());
    const owners = [...el.querySelectorAll('.sla-owners tbody tr')].map((tr) =>
      [...tr.querySelectorAll('th, td')].map((c) => c.textContent),
    );
    expect(owners).toEqual([
      ['Sam Seller', '3', '0', '100%', '20 h'],
      ['No owner', '0', '1', '0%', '20 h'],
    ]);
    expect(el.querySelector('[data-period-revenue="USD"]')!.textContent).toBe('12,000');
  });

  it('previews a CRM export under the chosen mapping, then imports it and shows the report', async () => {
    const csv = 'Record ID,Deal Stage,Close Date,Associated Contact\n1,Closed Won,2026-04-10,ann@acme.io\n';
    const calls = fakeApi({
      'GET /api/funnel': (call) => (call.path.includes('from=') ? makePeriodFunnel() : makeFunnel()),
      'POST /api/outcomes/csv': (call) =>
        (call.body as { preview?: boolean }).preview
          ? {
              rows: 2,
              valid: 1,
              invalid: [{ row: 2, reason: 'no Deal Stage value' }],
              sample: [
                {
                  row: 1,
                  value: {
                    crm: 'hubspot',
                    email: 'ann@acme.io',
                    crmId: '1',
                    outcome: 'won',
                    occurredAt: Date.UTC(2026, 3, 10),
                    amount: 500,
                    currency: 'USD',
                  },
                },
              ],
            }
          : {
              rows: 2,
              matched: 1,
              created: 1,
              updated: 0,
              unchanged: 0,
              unmatched: [],
              invalid: [{ row: 2, reason: 'no Deal Stage value' }],
            },
    });
    const el = await mount(html`<${FunnelPage} />`);
    await waitFor(() => expect(el.querySelector('.outcomes-import input[type="file"]')).not.toBeNull());
    const input = el.querySelector<HTMLInputElement>('.outcomes-import input[type="file"]')!;
    Object.defineProperty(input, 'files', { value: [new File([csv], 'deals.csv', { type: 'text/csv' })] });
    input.dispatchEvent(new Event('change'));
    await waitFor(() => expect(el.querySelector('[data-outcome-preview]')!.textContent).toBe('1 of 2 rows can be imported.'));
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ crm: 'hubspot', csv, preview: true });
    expect(el.querySelector('.outcome-problems li')!.textContent).toBe('Row 2: no Deal Stage value');
    [...el.querySelectorAll<HTMLButtonElement>('.outcomes-import button')].find((b) => b.textContent === 'Import')!.click();
    await waitFor(() => expect(el.querySelector('[data-outcome-report]')).not.toBeNull());
    expect(calls.filter((c) => c.method === 'POST').at(-1)!.body).toEqual({ crm: 'hubspot', csv });
    expect(el.querySelector('[data-outcome-report] p')!.textContent!.replace(/\s+/g, ' ').trim()).toBe(
      '1 of 2 rows matched a lead: 1 recorded, 0 updated, 0 unchanged.',
    );
  });
});

describe('companies page', () => {
  it('ranks accounts and opens one to show all its people', async () => {
    const calls = fakeApi({
      'GET /api/companies': () => ({ companies: [COMPANY], nextCursor: null }),
      'GET /api/accounts': () => ({ accounts: [], total: 0, countries: [], nextOffset: null }),
      'GET /api/companies/acme.test': () => ({
        company: { ...COMPANY, leads: [makeLead({ id: 1 }), makeLead({ id: 7, name: 'Bo' }), makeLead({ id: 8, name: 'Cy' })] },
      }),
    });
    const el = await mount(html`<${CompaniesPage} route=${parseHash('#/companies')} />`);
    await waitFor(() => expect(el.querySelector('tr[data-domain="acme.test"] .company-name')!.textContent).toBe('Acme'));
    expect(el.querySelector('tr[data-domain="acme.test"] .chip')!.getAttribute('href')).toBe('#/leads/1');
    const more = el.querySelector('tr[data-domain="acme.test"] button.link') as HTMLButtonElement;
    expect(more.textContent).toContain('All 4 people');
    more.click();
    await waitFor(() => expect(rows(el)).toEqual(['1', '7', '8']));
    expect(calls.at(-1)!.path).toBe('/api/companies/acme.test');
  });
});

describe('accounts on the companies page', () => {
  const ACCOUNT = {
    key: 'n:64500',
    kind: 'network',
    name: 'Siemens <AG>',
    domain: null,
    asn: 64500,
    country: 'DE',
    match: 'network',
    stage: 'surging',
    score: 42,
    people: 0,
    anonymous: 3,
    activeMembers: 3,
    pricingViewsWeek: 3,
    summary: '3 pricing views this week, 3 anonymous browsers from its network',
    firstSeenAt: Date.now(),
    lastSeenAt: Date.now(),
    isNew: true,
    surgedAt: Date.now(),
  };

  it('ranks accounts by intent with their match, and filters through the URL', async () => {
    const calls = fakeApi({
      'GET /api/companies': () => ({ companies: [], nextCursor: null }),
      'GET /api/accounts': () => ({ accounts: [ACCOUNT], total: 1, countries: ['DE'], nextOffset: null }),
    });
    const el = await mount(html`<${CompaniesPage} route=${parseHash('#/companies?stage=surging&country=DE&new=week')} />`);
    await waitFor(() => expect(el.querySelector('tr[data-account="n:64500"] .company-name')!.textContent).toBe('Siemens <AG>'));
    expect(el.querySelector('tr[data-account="n:64500"] .sub')!.textContent).toBe('network of Siemens <AG> · DE · new this week');
    expect(el.querySelector('tr[data-account="n:64500"] a')!.getAttribute('href')).toBe('#/companies/n%3A64500');
    expect(el.innerHTML).not.toContain('<AG>');
    expect(calls.find((c) => c.path.startsWith('/api/accounts'))!.path).toBe(
      '/api/accounts?stage=surging&country=DE&new=week&limit=50&offset=0',
    );
  });

  it('the account page shows people, anonymous browsers and history', async () => {
    fakeApi({
      'GET /api/accounts/n%3A64500': () => ({
        account: ACCOUNT,
        people: [
          { member: 'lead:7', leadId: 7, email: 'ada@gmail.com', name: 'Ada', stage: 'lead', points: 12, pricingViews: 2, downloads: 1 },
        ],
        anonymous: [{ member: 'browser:demo/v1', leadId: null, views: 4, pricingViews: 2, downloads: 0, points: 20, lastDay: 20000 }],
        history: [{ at: Date.UTC(2025, 0, 2), views: 4, pricingViews: 2, downloads: 0, points: 20, members: 2 }],
        rule: 'score = the sum of …',
      }),
    });
    const el = await mount(html`<${AccountPage} route=${parseHash('#/companies/n:64500')} />`);
    await waitFor(() => expect(el.querySelector('h1')!.textContent).toBe('Siemens <AG>'));
    expect(el.querySelector('.account-people a')!.getAttribute('href')).toBe('#/leads/7');
    expect([...el.querySelectorAll('.account-anonymous tbody td')].map((t) => t.textContent)).toContain('4');
    expect(el.querySelectorAll('.account-history tbody tr')).toHaveLength(1);
  });
});

describe('settings page', () => {
  it('shows the snippet, test-sends, and redelivers from the delivery log', async () => {
    const calls = fakeApi({
      'GET /api/sites': () => ({ sites: [SITE] }),
      'GET /api/rules': () => ({
        halfLifeDays: 30,
        engagementRules: [
          { id: 'pricing-view', label: 'Pricing', points: 10, cap: { points: 30, days: 7 }, match: { types: ['pageview'] } },
        ],
        fitRules: [],
      }),
      'GET /api/webhooks': () => ({ endpoints: [ENDPOINT] }),
      'GET /api/webhooks/1/messages': () => ({ messages: [MESSAGE] }),
      'POST /api/webhooks/1/test': () => ({ delivered: true, status: 204, latencyMs: 12 }),
      'POST /api/webhooks/messages/msg_1/redeliver': () => ({ queued: true }),
    });
    const el = await mount(html`<${SettingsPage} />`);
    await waitFor(() => expect(el.querySelector('.snippet code')!.textContent).toBe(SITE.snippet));
    await waitFor(() => expect(el.querySelector('tr[data-rule="pricing-view"]')!.textContent).toContain('at most 30 points per 7 days'));
    expect(el.querySelector('tr[data-rule="pricing-view"] [data-label="Counts"]')!.textContent).toBe('a page view');
    expect(el.textContent).not.toMatch(/read-only|restart/i);
    const buttons = () => [...el.querySelectorAll('.endpoint button')] as HTMLButtonElement[];
    await waitFor(() => expect(buttons().length).toBeGreaterThan(0));
    buttons()
      .find((b) => b.textContent === 'Send test')!
      .click();
    await waitFor(() => expect(el.querySelector('.endpoint .result')!.textContent).toBe('Test delivered: 204 in 12 ms'));
    buttons()
      .find((b) => b.textContent!.includes('delivery log'))!
      .click();
    await waitFor(() => expect(el.querySelector('tr[data-message="msg_1"]')).not.toBeNull());
    ([...el.querySelectorAll('tr[data-message="msg_1"] button')].find((b) => b.textContent === 'Redeliver') as HTMLButtonElement).click();
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path === '/api/webhooks/messages/msg_1/redeliver')).toBe(true));
  });
});

/** A collector that refuses the API until the token is posted. */
function signInApi() {
  let signedIn = false;
  const unauthorized = () => new Reply(401, { error: { code: 'unauthorized', message: 'no' } });
  return fakeApi({
    'POST /auth/login': () => ((signedIn = true), { signedIn: true, expiresAt: 1 }),
    'GET /api/dashboard': () => (signedIn ? { slaHours: 24 } : unauthorized()),
    'GET /api/leads': () => (signedIn ? { leads: [makeLead({ id: 5 })], nextCursor: null, total: 1 } : unauthorized()),
  });
}

/** Mounts the app, types the token into the sign-in page and submits it; resolves once the hot leads show. */
async function signIn(): Promise<HTMLElement> {
  const el = await mount(html`<${App} />`);
  await waitFor(() => expect(el.querySelector('#token')).not.toBeNull());
  const input = el.querySelector('#token') as HTMLInputElement;
  input.value = 'kt_secret';
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await waitFor(() => expect((el.querySelector('button[type="submit"]') as HTMLButtonElement).disabled).toBe(false));
  (el.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  await waitFor(() => expect(rows(el)).toEqual(['5']));
  return el;
}

describe('delivery log', () => {
  it('updates itself while a message is on its way, and when a lead changes stage live', async () => {
    let status: 'pending' | 'delivered' = 'pending';
    let messages: WebhookMessage[] = [{ ...MESSAGE, nextAttemptAt: null }];
    fakeApi({
      'GET /api/webhooks': () => ({ endpoints: [ENDPOINT] }),
      'GET /api/webhooks/1/messages': () => ({ messages: messages.map((m) => ({ ...m, status })) }),
    });
    const { feed, send } = testFeed();
    const el = await mount(html`<${LiveContext.Provider} value=${feed}><${WebhooksSection} /></${LiveContext.Provider}>`);
    await waitFor(() => expect(el.querySelector('.endpoint button')).not.toBeNull());
    ([...el.querySelectorAll('.endpoint button')].find((b) => b.textContent!.includes('delivery log')) as HTMLButtonElement).click();
    await waitFor(() => expect(el.querySelector('tr[data-message="msg_1"] .status')!.textContent).toBe('pending'));
    status = 'delivered';
    await waitFor(() => expect(el.querySelector('tr[data-message="msg_1"] .status')!.textContent).toBe('delivered'), 4000);
    // Nothing pending: a new alert shows when a lead's stage changes.
    messages = [{ ...MESSAGE, id: 'msg_2', nextAttemptAt: null }, ...messages];
    send(1, 'lead.stage_changed');
    await waitFor(() => expect(el.querySelector('tr[data-message="msg_2"]')).not.toBeNull());
  });
});

describe('app', () => {
  it('asks for the token, signs in, and shows the hot leads', async () => {
    const calls = signInApi();
    const el = await signIn();
    expect(calls.find((c) => c.path === '/auth/login')!.body).toEqual({ token: 'kt_secret' });
    expect(el.querySelector('.nav a.active')!.textContent).toBe('Hot leads');
  });

  it('shows the leads, not the 401 prefetched while signed out, when signing in within seconds of loading', async () => {
    const calls = signInApi();
    // What main.ts does on load: the home list is asked for before the session is known.
    prefetch(leadsPath(firstPageQuery(parseHash('#/leads'))));
    const el = await signIn();
    expect(el.querySelector('.error')).toBeNull();
    expect(calls.filter((c) => c.path.startsWith('/api/leads'))).toHaveLength(2);
  });
});
