import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { headline, score, summarize, totalAndRules } from './score.js';
import { DAY_MS } from '../rules/compile.js';
import { ev, rulesFrom, traitsOf } from '../../../test/support/engine.js';

const T0 = Date.UTC(2025, 0, 1);
const defaults = rulesFrom();
const ids = (events: Parameters<typeof score>[1], traits = {}) =>
  score(defaults, events, traitsOf(traits), T0)
    .breakdown.filter((b) => b.kind === 'engagement')
    .map((b) => b.ruleId)
    .sort();

describe('default engagement rules match', () => {
  const cases: [string, Parameters<typeof ev>, string[]][] = [
    ['a page view', ['pageview', T0, { path: '/blog/x', pageClass: 'blog' }], ['page-view']],
    ['a pricing view', ['pageview', T0, { path: '/pricing', pageClass: 'pricing' }], ['page-view', 'pricing-view']],
    ['a docs view', ['pageview', T0, { path: '/docs/api', pageClass: 'docs' }], ['docs-view', 'page-view']],
    ['a careers view', ['pageview', T0, { path: '/careers', pageClass: 'careers' }], ['careers-view', 'page-view']],
    ['a demo form by id', ['form', T0, { props: { form: { id: 'book-demo', fields: {} } } }], ['demo-request']],
    ['a form on the demo page', ['form', T0, { pageClass: 'demo', props: { form: { fields: {} } } }], ['demo-request']],
    ['a contact-sales form by name', ['form', T0, { props: { form: { name: 'Contact Sales', fields: {} } } }], ['contact-sales']],
    ['a pricing inquiry event', ['track', T0, { name: 'pricing_inquiry' }], ['contact-sales']],
    ['a webinar form', ['form', T0, { props: { form: { id: 'webinar-2025', fields: {} } } }], ['webinar-signup']],
    ['a webinar track event', ['track', T0, { name: 'webinar_signup' }], ['webinar-signup']],
    ['a download', ['download', T0, { props: { href: 'https://x.io/a.pdf' } }], ['download']],
    ['61 s engaged', ['engage', T0, { props: { engagedMs: 61_000 } }], ['engaged-time']],
    ['59 s engaged', ['engage', T0, { props: { engagedMs: 59_000 } }], []],
    ['a newsletter form', ['form', T0, { props: { form: { id: 'newsletter', fields: {} } } }], []],
    ['an unrelated custom event', ['track', T0, { name: 'video_play' }], []],
    ['an outbound click', ['outbound', T0, { props: { href: 'https://github.com' } }], []],
  ];
  it.each(cases)('%s', (_name, args, expected) => {
    expect(ids([ev(...args)])).toEqual(expected);
  });

  it('matches custom criteria: paths, hrefs, names and any-of lists', () => {
    const rules = rulesFrom({
      engagementRules: [
        {
          id: 'case-study',
          label: 'Case study',
          match: { types: ['pageview'], paths: ['/customers/**'] },
          points: 5,
          text: 'read a case study',
        },
        { id: 'pdf', label: 'PDF', match: { hrefs: ['*.pdf'] }, points: 3, text: 'got a pdf' },
        {
          id: 'trial',
          label: 'Trial',
          match: [{ eventNames: ['trial_*'] }, { form: { names: ['*trial*'] } }],
          points: 20,
          text: 'started a trial',
        },
      ],
      fitRules: [],
    });
    const result = (e: Parameters<typeof ev>) => score(rules, [ev(...e)], {}, T0).breakdown.map((b) => b.ruleId);
    expect(result(['pageview', T0, { path: '/customers/acme/story' }])).toEqual(['case-study']);
    // A final `/**` takes in the folder itself (the one glob dialect, collector/glob.ts), not a longer name.
    expect(result(['pageview', T0, { path: '/customers' }])).toEqual(['case-study']);
    expect(result(['pageview', T0, { path: '/customers-old' }])).toEqual([]);
    expect(result(['download', T0, { props: { href: 'https://x.io/files/Report.PDF' } }])).toEqual(['pdf']);
    expect(result(['track', T0, { name: 'trial_started' }])).toEqual(['trial']);
    expect(result(['form', T0, { props: { form: { name: 'Free Trial', fields: {} } } }])).toEqual(['trial']);
  });
});

describe('default fit rules', () => {
  const fit = (traits: Record<string, string | number>) => score(defaults, [], traitsOf(traits), T0);
  it('rewards company email, senior titles, core company size and BANT answers', () => {
    const s = fit({ email: 'ann@acme.io', title: 'VP Sales', company_size: '51-200', budget: 'Yes', timeline: 'this quarter' });
    expect(s.breakdown.map((b) => b.ruleId).sort()).toEqual([
      'bant-budget',
      'bant-timeline',
      'company-email',
      'company-size-core',
      'senior-title',
    ]);
    expect(s.fit).toBe(10 + 15 + 10 + 10 + 10);
    expect(s.bant).toMatchObject({ budget: true, authority: true, need: false, timeline: true, count: 3 });
    expect(s.reasons.map((r) => r.text)).toContain('company email address');
    expect(s.reasons.map((r) => r.text)).toContain('senior title (VP Sales)');
  });
  it('penalises free-mail and students', () => {
    const s = fit({ email: 'kid@gmail.com', title: 'Student' });
    expect(s.fit).toBe(-15 - 20);
    // A school address is not a company address: no company-email points, the student penalty.
    expect(fit({ email: 'x@cs.stanford.edu' }).fit).toBe(-20);
    expect(fit({ email: 'y@stud.uni-hannover.de' }).fit).toBe(-20);
  });
  it('the backtest’s shortcut (totalAndRules) gives summarize’s total and rules with points, fit rules included', () => {
    const cases: Record<string, string>[] = [
      {},
      { email: 'ann@acme.io', title: 'VP Sales', company_size: '51-200', budget: 'Yes', timeline: 'this quarter' },
      { email: 'kid@gmail.com', title: 'Student' },
      { email: 'x@cs.stanford.edu', company_size: '10,000+' },
    ];
    const events = [ev('pageview', T0 - 86_400_000, { path: '/pricing' }), ev('form', T0, { props: { form: { id: 'demo', fields: {} } } })];
    for (const traits of cases) {
      const { state } = score(defaults, events, traitsOf(traits), T0);
      const s = summarize(defaults, state, traitsOf(traits), T0);
      expect(totalAndRules(defaults, state, traitsOf(traits), T0)).toEqual({
        total: s.total,
        ruleIds: s.breakdown.filter((b) => b.pointsRaw !== 0).map((b) => b.ruleId),
      });
    }
  });
  it('match countries and other traits with configured rules', () => {
    const rules = rulesFrom({
      fitRules: [
        { id: 'market', label: 'Market', match: { trait: 'country', equals: ['US', 'de'] }, points: 5, text: 'in {value}' },
        { id: 'no-phone', label: 'No phone', match: { trait: 'phone', present: false }, points: -2, text: 'no phone' },
      ],
    });
    expect(score(rules, [], traitsOf({ country: 'DE' }), T0).reasons.map((r) => [r.text, r.points])).toEqual([
      ['in DE', 5],
      ['no phone', -2],
    ]);
    expect(score(rules, [], traitsOf({ country: 'FR', phone: '+33 1' }), T0).fit).toBe(0);
  });

  it('reads numbers in answers: timeline in days, company size ranges', () => {
    expect(fit({ email: 'a@b.io', timeline: 60 }).bant.timeline).toBe(true);
    expect(fit({ email: 'a@b.io', timeline: '12 months' }).bant.timeline).toBe(false);
    expect(fit({ email: 'a@b.io', company_size: '10,000+' }).breakdown.map((b) => b.ruleId)).toContain('company-size-enterprise');
    expect(fit({ email: 'a@b.io', need: 'none' }).bant.need).toBe(false);
    expect(fit({ email: 'a@b.io', need: 'replace our CRM' }).bant.need).toBe(true);
  });
});

describe('caps', () => {
  const rules = rulesFrom({
    engagementRules: [{ id: 'p', label: 'P', match: { types: ['pageview'] }, points: 10, cap: { points: 25, days: 7 }, text: 'p' }],
    fitRules: [],
  });
  it('award at most P points within any D-day window and report what they cut', () => {
    const events = [0, 1, 2, 3].map((d) => ev('pageview', T0 + d * DAY_MS));
    const s = score(rules, events, {}, T0 + 3 * DAY_MS);
    const b = s.breakdown[0]!;
    expect(b.events.map((e) => e.points)).toEqual([10, 10, 5, 0]);
    expect(b.pointsRaw).toBe(40);
    expect(b.cappedBy).toBe(15);
  });
  it('free room again once awards leave the window', () => {
    const events = [0, 1, 2, 7.5, 8.5].map((d) => ev('pageview', T0 + d * DAY_MS));
    const s = score(rules, events, {}, T0);
    // day 7.5: the day-0 award left the window, 25 - (10 + 5) = 10 room; day 8.5: 25 - (5 + 10) = 10
    expect(s.breakdown[0]!.events.map((e) => e.points)).toEqual([10, 10, 5, 10, 10]);
  });
  it('limit negative rules by magnitude', () => {
    const neg = rulesFrom({
      engagementRules: [{ id: 'c', label: 'C', match: { types: ['pageview'] }, points: -10, cap: { points: 15, days: 30 }, text: 'c' }],
      fitRules: [],
    });
    const s = score(neg, [ev('pageview', T0), ev('pageview', T0 + 1), ev('pageview', T0 + 2)], {}, T0 + 2);
    expect(s.breakdown[0]!.events.map((e) => e.points)).toEqual([-10, -5, 0]);
    expect(s.engagement).toBeCloseTo(-15, 6);
  });
});

describe('decay', () => {
  const rules = rulesFrom({
    halfLifeDays: 30,
    engagementRules: [{ id: 'p', label: 'P', match: { types: ['pageview'] }, points: 40, text: 'p' }],
    fitRules: [],
  });
  it('halves engagement in one half-life (30 days) and quarters it in two; fit does not decay', () => {
    const traits = traitsOf({ email: 'a@acme.io' });
    const withFit = rulesFrom({
      halfLifeDays: 30,
      engagementRules: [{ id: 'p', label: 'P', match: { types: ['pageview'] }, points: 40, text: 'p' }],
    });
    const e = [ev('pageview', T0)];
    expect(score(rules, e, {}, T0).engagement).toBeCloseTo(40, 9);
    expect(score(rules, e, {}, T0 + 30 * DAY_MS).engagement).toBeCloseTo(20, 9);
    expect(score(rules, e, {}, T0 + 60 * DAY_MS).engagement).toBeCloseTo(10, 9);
    expect(score(withFit, e, traits, T0 + 60 * DAY_MS).fit).toBe(10);
    expect(score(withFit, e, traits, T0 + 60 * DAY_MS).total).toBeCloseTo(20, 9);
  });
  it('decays each event from its own time and reports before/after decay per rule and event', () => {
    const s = score(rules, [ev('pageview', T0), ev('pageview', T0 + 30 * DAY_MS)], {}, T0 + 30 * DAY_MS);
    expect(s.engagement).toBeCloseTo(60, 9);
    const b = s.breakdown[0]!;
    expect(b.pointsRaw).toBe(80);
    expect(b.pointsDecayed).toBeCloseTo(60, 9);
    expect(b.events.map((x) => Math.round(x.decayed))).toEqual([20, 40]);
  });
  it('follows a configured half-life', () => {
    const fast = rulesFrom({
      halfLifeDays: 7,
      engagementRules: [{ id: 'p', label: 'P', match: { types: ['pageview'] }, points: 40, text: 'p' }],
      fitRules: [],
    });
    expect(score(fast, [ev('pageview', T0)], {}, T0 + 7 * DAY_MS).engagement).toBeCloseTo(20, 9);
  });
  it('survives years of activity without overflowing (rebasing)', () => {
    const fast = rulesFrom({
      halfLifeDays: 1,
      engagementRules: [{ id: 'p', label: 'P', match: { types: ['pageview'] }, points: 8, text: 'p' }],
      fitRules: [],
    });
    const events = [0, 700, 1400, 2100].map((d) => ev('pageview', T0 + d * DAY_MS));
    const s = score(fast, events, {}, T0 + 2101 * DAY_MS);
    expect(s.engagement).toBeCloseTo(4, 9);
  });
});

describe('reasons in words', () => {
  it('say what happened, how often and over how long, strongest first', () => {
    const events = [
      ev('pageview', T0, { path: '/pricing', pageClass: 'pricing' }),
      ev('pageview', T0 + 2 * DAY_MS, { path: '/pricing', pageClass: 'pricing' }),
      ev('pageview', T0 + 6 * DAY_MS, { path: '/pricing', pageClass: 'pricing' }),
      ev('form', T0 + 6 * DAY_MS, { props: { form: { id: 'demo', fields: {} } } }),
    ];
    const s = score(defaults, events, traitsOf({ email: 'a@acme.io', budget: 'approved' }), T0 + 6 * DAY_MS);
    expect(s.top.map((r) => r.text)).toEqual(['requested a demo', 'visited pricing 3× in 6 days', 'budget confirmed']);
    expect(s.top[1]!.eventSeqs).toEqual(events.slice(0, 3).map((e) => e.seq));
    expect(s.reasons.map((r) => r.text)).toContain('company email address');
    expect(s.highIntentTs).toBe(T0 + 6 * DAY_MS);
  });

  it("name a demo request as the lead's top engagement reason even when browsing now counts for more", () => {
    const demoAt = T0;
    const later = T0 + 60 * DAY_MS;
    const events = [
      ev('form', demoAt, { props: { form: { id: 'demo', fields: {} } } }),
      ...[0, 1, 2].map((i) => ev('pageview', later + i * 3_600_000, { path: '/pricing', pageClass: 'pricing' })),
    ];
    const s = score(defaults, events, traitsOf({ email: 'a@acme.io' }), later + DAY_MS);
    // The demo request has decayed below the fresh pricing visits…
    expect(s.top[0]!.ruleId).toBe('pricing-view');
    // …yet it is what the list says first.
    const { state } = s;
    expect(headline(defaults, state, traitsOf({ email: 'a@acme.io' }), later + DAY_MS).topEngagement!.text).toBe('requested a demo');
  });
});

describe('the headline (what the lead row shows)', () => {
  // Equal points on purpose: ties are broken by rule id, and the first of equals ids by rule order.
  const rules = rulesFrom({
    engagementRules: [
      {
        id: 'b-view',
        label: 'B',
        match: { types: ['pageview'], pageClasses: ['b'] },
        points: 5,
        text: 'b',
        textMany: 'b {count}× on {path}',
      },
      { id: 'a-view', label: 'A', match: { types: ['pageview'], pageClasses: ['a'] }, points: 5, text: 'a' },
      { id: 'c-demo', label: 'C', match: { types: ['form'] }, points: 5, highIntent: true, text: 'c' },
      { id: 'd-demo', label: 'D', match: { types: ['track'] }, points: 20, highIntent: true, cap: { points: 20, days: 30 }, text: 'd' },
      { id: 'e-careers', label: 'E', match: { types: ['pageview'], pageClasses: ['careers'] }, points: -5, text: 'e' },
    ],
    fitRules: [
      { id: 'z-size', label: 'Z', match: { trait: 'company_size', min: 10 }, points: 10, text: 'size {value}' },
      { id: 'y-title', label: 'Y', match: { trait: 'title', pattern: 'vp|head' }, points: 10, text: 'title {value}' },
      { id: 'x-free', label: 'X', match: { trait: 'email_type', equals: ['free'] }, points: -15, text: 'free mail' },
    ],
  });
  const kinds = ['b', 'a', 'careers'] as const;
  const event = fc.record({
    kind: fc.constantFrom('pageview', 'form', 'track'),
    pageClass: fc.constantFrom(...kinds),
    day: fc.integer({ min: 0, max: 3 }),
  });
  const traits = fc.record({
    email: fc.constantFrom('a@acme.io', 'kid@gmail.com'),
    company_size: fc.constantFrom('5', '200'),
    title: fc.constantFrom('VP Sales', 'Engineer'),
  });

  it('names the reasons summarize ranks first: a decisive one first, ties by rule id, the fit reason apart', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 12 }), traits, fc.integer({ min: 0, max: 200 }), (list, values, nowDay) => {
        const events = list
          .map((e, i) => ev(e.kind, T0 + e.day * DAY_MS, { seq: i + 1, pageClass: e.pageClass, path: `/${e.pageClass}` }))
          .sort((a, b) => a.ts - b.ts || a.seq - b.seq);
        const now = T0 + nowDay * DAY_MS;
        const { state } = score(rules, events, traitsOf(values), now);
        const s = summarize(rules, state, traitsOf(values), now);
        const engagement = new Set(rules.engagement.map((r) => r.id));
        const decisive = new Set(rules.engagement.filter((r) => r.highIntent).map((r) => r.id));
        const positive = s.reasons.filter((r) => r.points > 0);
        const h = headline(rules, state, traitsOf(values), now);
        expect(h.total).toBe(s.total);
        expect(h.fit).toBe(s.fit);
        expect(h.topEngagement).toEqual(
          positive.find((r) => decisive.has(r.ruleId)) ?? positive.find((r) => engagement.has(r.ruleId)) ?? null,
        );
        expect(h.topFit).toEqual(positive.find((r) => !engagement.has(r.ruleId)) ?? null);
        expect(h.top()).toEqual(s.top);
      }),
      { numRuns: 300 },
    );
  });
});
