// Dashboard test support: contract-shaped API fixtures, and mounting components into the happy-dom document with a fake API.
import type {
  Company,
  Funnel,
  PeriodFunnel,
  LeadDetail,
  LeadListItem,
  Site,
  WebhookEndpoint,
  WebhookMessage,
} from '../../dashboard/src/types.js';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import type { VNode } from 'preact';
import { setFetch } from '../../dashboard/src/api.js';

/** Contract-shaped sample answers (brief/API.md) for the dashboard's unit tests. */
export const NOW = Date.UTC(2025, 4, 20, 9, 0);
const HOUR = 3_600_000;

export function makeLead(overrides: Partial<LeadListItem> = {}): LeadListItem {
  return {
    id: 1,
    email: 'ann@acme.test',
    name: 'Ann Example',
    company: 'acme.test',
    title: 'VP Sales',
    stage: 'mql',
    disposition: null,
    score: 64.5,
    engagement: 39.5,
    fit: 25,
    fitGrade: 'B',
    lastSeenAt: NOW - 5 * 60_000,
    stageChangedAt: NOW - 2 * HOUR,
    topReason: 'visited /pricing 3× this week',
    sqlSince: null,
    overdue: false,
    ownerId: null,
    ...overrides,
  };
}

export function makeDetail(lead: Partial<LeadListItem> = {}): LeadDetail {
  const base = makeLead(lead);
  return {
    lead: {
      ...base,
      traits: {
        name: { value: base.name, setAt: NOW - 3 * HOUR, source: 'stated' },
        budget: { value: 'approved', setAt: NOW - 3 * HOUR, source: 'stated' },
        timeline: { value: 'this quarter', setAt: NOW - 3 * HOUR, source: 'stated' },
        company_size: { value: 250, setAt: NOW - 3 * HOUR, source: 'stated' },
      },
      firstSeenAt: NOW - 48 * HOUR,
      visitors: [{ id: '0196f0c2a1b27c3d8e9f001122334455', site: 'demo', linkedAt: NOW - 3 * HOUR, evidenceSeq: 12 }],
    },
    score: {
      total: base.score,
      engagement: base.engagement,
      fit: base.fit,
      reasons: [{ text: 'visited /pricing 3× this week', ruleId: 'pricing-view', points: 27.5, eventSeqs: [10, 11, 13] }],
      breakdown: [
        {
          ruleId: 'pricing-view',
          label: 'Pricing page view',
          kind: 'engagement',
          pointsRaw: 40,
          cappedBy: 10,
          pointsDecayed: 27.5,
          events: [
            { seq: 10, type: 'pageview', ts: NOW - 30 * HOUR, path: '/pricing', points: 10, decayed: 9.2 },
            { seq: 11, type: 'pageview', ts: NOW - 20 * HOUR, path: '/pricing', points: 10, decayed: 9.3 },
            { seq: 13, type: 'pageview', ts: NOW - 2 * HOUR, path: '/pricing', points: 10, decayed: 9 },
          ],
        },
        { ruleId: 'page-view', label: 'Page view', kind: 'engagement', pointsRaw: 12, cappedBy: 0, pointsDecayed: 12, events: [] },
        { ruleId: 'company-email', label: 'Company email address', kind: 'fit', pointsRaw: 10, cappedBy: 0, pointsDecayed: 10, events: [] },
        { ruleId: 'bant-budget', label: 'Budget confirmed', kind: 'fit', pointsRaw: 15, cappedBy: 0, pointsDecayed: 15, events: [] },
      ],
    },
    scoreHistory: [
      { at: NOW - 30 * HOUR, score: 20 },
      { at: NOW - 20 * HOUR, score: 45 },
      { at: NOW - 2 * HOUR, score: 66 },
    ],
    stages: [
      { at: NOW - 40 * HOUR, from: null, to: 'lead', kind: 'stage', cause: 'identified by a form', score: 10 },
      { at: NOW - 2 * HOUR, from: 'lead', to: 'mql', kind: 'stage', cause: 'score crossed 50', score: 66 },
    ],
    notes: [{ at: NOW - HOUR, action: 'rejected', text: 'no budget until Q3', author: 'ann@example.com' }],
    sessions: [
      {
        id: 's1',
        startedAt: NOW - 3 * HOUR,
        endedAt: NOW - 2 * HOUR,
        events: [
          {
            seq: 12,
            type: 'form',
            ts: NOW - 3 * HOUR,
            url: 'https://acme.test/demo-request',
            path: '/demo-request',
            title: 'Request a demo',
            pageClass: 'demo',
            form: { id: 'demo', name: 'Request a demo', fields: { company: 'Acme', message: 'hello' } },
          },
          {
            seq: 13,
            type: 'pageview',
            ts: NOW - 2 * HOUR,
            url: 'https://acme.test/pricing',
            path: '/pricing',
            title: 'Pricing',
            pageClass: 'pricing',
          },
          {
            seq: 14,
            type: 'engage',
            ts: NOW - 2 * HOUR + 90_000,
            url: 'https://acme.test/pricing',
            path: '/pricing',
            title: 'Pricing',
            pageClass: 'pricing',
            engagedMs: 90_000,
          },
          {
            seq: 15,
            type: 'download',
            ts: NOW - 2 * HOUR + 120_000,
            url: 'https://acme.test/pricing',
            path: '/pricing',
            title: 'Pricing',
            pageClass: 'pricing',
            href: 'javascript:alert(1)',
          },
        ],
      },
    ],
  };
}

/** A period funnel answer (GET /api/funnel?from&to…) with one channel, two trend points and one overdue SQL. */
export function makePeriodFunnel(): PeriodFunnel {
  const times = (n: number, medianMs: number | null, alreadyPast = 0) => ({
    n,
    medianMs,
    p75Ms: medianMs === null ? null : medianMs * 2,
    alreadyPast,
  });
  const counts = { lead: 30, mql: 12, sql: 4, accepted: 2, rejected: 1, won: 1, lost: 0 };
  const rates = { mqlToSql: 0.333, sqlToWon: 0.25 };
  const revenue = [{ currency: 'USD', won: 1, amount: 12000 }];
  const sla = { slaHours: 48, pending: 0, medianToFirstActionMs: 20 * HOUR };
  return {
    period: { from: '2026-07-01', to: '2026-09-30', fromMs: Date.UTC(2026, 6, 1), toMs: Date.UTC(2026, 9, 1), mode: 'activity' },
    counts,
    rates,
    revenue,
    times: {
      leadToMql: times(8, 2 * 24 * HOUR, 3),
      mqlToSql: times(4, 5 * 24 * HOUR),
      sqlToFirstAction: times(3, 20 * HOUR),
      sqlToWon: times(0, null),
    },
    channels: {
      firstTouch: [
        {
          channel: 'organic_search',
          counts,
          rates,
          revenue,
          sources: [
            { source: 'google / (not set)', leads: 20 },
            { source: 'www.bing.com / referral', leads: 10 },
          ],
        },
      ],
      lastTouch: [{ channel: 'email', counts, rates, revenue, sources: [{ source: 'newsletter / email', leads: 30 }] }],
    },
    sla: {
      slaHours: 48,
      withinSla: 3,
      late: 1,
      pending: 0,
      share: 0.75,
      medianToFirstActionMs: 20 * HOUR,
      byOwner: [
        { ownerId: 2, owner: 'Sam Seller', ...sla, withinSla: 3, late: 0, share: 1 },
        { ownerId: null, owner: null, ...sla, withinSla: 0, late: 1, share: 0 },
      ],
      overdue: [{ id: 9, email: 'late@acme.test', ownerId: null, owner: null, sqlAt: Date.UTC(2026, 7, 1), dueAt: Date.UTC(2026, 7, 3) }],
    },
    trends: {
      interval: 'month',
      reference: { mqlToSqlAverage: 0.13, mqlToSqlBest: 0.4, sqlToWon: 0.59 },
      points: [
        { from: Date.UTC(2026, 6, 1), to: Date.UTC(2026, 7, 1), mql: 7, sql: 2, won: 1, mqlToSql: 0.286, sqlToWon: 0.5, revenue },
        { from: Date.UTC(2026, 7, 1), to: Date.UTC(2026, 8, 1), mql: 5, sql: 2, won: 0, mqlToSql: 0.4, sqlToWon: null, revenue: [] },
      ],
    },
    reference: { mqlToSqlAverage: 0.13, mqlToSqlBest: 0.4, sqlToWon: 0.59 },
    cac: {
      firstTouch: {
        channels: [{ name: 'paid_search', currency: 'EUR', spend: 3000, mql: 3, sql: 0, won: 0, perMql: 1000, perSql: null, perWon: null }],
        campaigns: [],
      },
      lastTouch: { channels: [], campaigns: [] },
      total: [{ name: '(all)', currency: 'EUR', spend: 3000, mql: 12, sql: 4, won: 1, perMql: 250, perSql: 750, perWon: 3000 }],
    },
  };
}

export function makeFunnel(): Funnel {
  const slice = {
    counts: { lead: 120, mql: 40, near_sql: 12, sql: 9, accepted: 6, rejected: 2, won: 3, lost: 1 },
    rates: { mqlToSql: 0.225, sqlToWon: 0.333 },
    medians: { leadToMqlMs: 3 * 24 * HOUR, mqlToSqlMs: 9 * 24 * HOUR },
  };
  return {
    ...slice,
    counts: { visitor: 800, ...slice.counts },
    bySource: [
      { source: 'google', ...slice },
      {
        source: 'direct',
        counts: { ...slice.counts, lead: 10, mql: 0, near_sql: 0, sql: 0, accepted: 0, rejected: 0, won: 0, lost: 0 },
        rates: { mqlToSql: null, sqlToWon: null },
        medians: { leadToMqlMs: null, mqlToSqlMs: null },
      },
    ],
    byCampaign: [{ campaign: 'spring-launch', ...slice }],
    reference: { mqlToSqlAverage: 0.13, mqlToSqlBest: 0.4, sqlToWon: 0.59 },
  };
}

export const COMPANY: Company = {
  domain: 'acme.test',
  name: 'Acme',
  people: 4,
  engagedPeople: 2,
  totalScore: 120.5,
  topScore: 64.5,
  topLeads: [{ id: 1, email: 'ann@acme.test', name: 'Ann Example', score: 64.5, stage: 'mql' }],
};

export const SITE: Site = {
  key: 'demo',
  name: 'Demo site',
  origins: ['http://localhost:*'],
  snippet: '<script async src="http://localhost:8787/k.js" data-site="demo"></script>',
};

export const ENDPOINT: WebhookEndpoint = {
  id: 1,
  url: 'https://hooks.example.com/kindling',
  format: 'json',
  events: ['lead.entered_sql'],
  enabled: true,
  disabledReason: null,
  source: 'api',
  failingSince: null,
  createdAt: NOW - 24 * HOUR,
  updatedAt: NOW - 24 * HOUR,
};

export const MESSAGE: WebhookMessage = {
  id: 'msg_1',
  type: 'lead.entered_sql',
  leadId: 1,
  status: 'failed',
  attempts: 3,
  nextAttemptAt: NOW + HOUR,
  createdAt: NOW - HOUR,
  deliveredAt: null,
  lastError: 'HTTP 500',
};

/** Renders into a fresh container in the (happy-dom) document and flushes effects. */
export async function mount(vnode: VNode): Promise<HTMLElement> {
  const container = document.createElement('div');
  document.body.replaceChildren(container);
  await act(() => render(vnode, container));
  return container;
}

/** Polls until `check` passes (effects, fetches and throttles settle on their own clocks). */
export async function waitFor(check: () => void, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await act(() => new Promise((r) => setTimeout(r, 10)));
      check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
  }
}

export interface Call {
  method: string;
  path: string;
  body: unknown;
}

/** A handler's answer other than 200 JSON. */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

/** Answers API calls from a table of `METHOD /path` → handler (a body, or a Reply), and records every call. */
export function fakeApi(routes: Record<string, (call: Call) => unknown>): Call[] {
  const calls: Call[] = [];
  setFetch(async (input, init) => {
    const url = new URL(String(input), 'http://kindling.test');
    const call: Call = {
      method: init?.method ?? 'GET',
      path: url.pathname + url.search,
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    };
    calls.push(call);
    const handler = routes[`${call.method} ${url.pathname}`];
    if (!handler)
      return new Response(JSON.stringify({ error: { code: 'not_found', message: `no fake for ${call.method} ${url.pathname}` } }), {
        status: 404,
      });
    const answer = handler(call);
    const { status, body } = answer instanceof Reply ? answer : { status: 200, body: answer };
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  return calls;
}
