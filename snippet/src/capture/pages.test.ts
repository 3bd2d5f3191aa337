// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { onCleanPage, resetPage, setReferrer, startTracking } from '../../../test/support/snippet.js';

const T = Date.UTC(2025, 0, 15, 12);

describe('page views', () => {
  onCleanPage('https://www.example.com/', T);
  beforeEach(() => {
    setReferrer('https://search.example.org/?q=buyer+intent');
    document.title = 'Example — home';
  });

  async function setup() {
    const { sentEvents } = await startTracking();
    (await import('./engage.js')).resume();
    const recorded = () =>
      sentEvents().map((e) => ({ t: e.t, u: e.u, ...('r' in e ? { r: e.r, ti: e.ti } : { d: (e as { d: number }).d }) }));
    return { ...(await import('./pages.js')), recorded };
  }

  it('records the first page with the document referrer and title, and never the same URL twice in a row', async () => {
    const { page, recorded } = await setup();
    page();
    page();
    history.replaceState({}, '', '/#section');
    page();
    expect(recorded()).toEqual([
      { t: 'pageview', u: 'https://www.example.com/', r: 'https://search.example.org/?q=buyer+intent', ti: 'Example — home' },
    ]);
  });

  it('a route change is a page view whose referrer is the page before, after the visible time on that page', async () => {
    const { page, recorded } = await setup();
    page();
    vi.advanceTimersByTime(3000);
    history.pushState({}, '', '/pricing?plan=team');
    document.title = 'Pricing';
    page();
    vi.advanceTimersByTime(1000);
    history.replaceState({}, '', '/docs');
    page();
    expect(recorded()).toEqual([
      { t: 'pageview', u: 'https://www.example.com/', r: 'https://search.example.org/?q=buyer+intent', ti: 'Example — home' },
      { t: 'engage', u: 'https://www.example.com/', d: 3000 },
      { t: 'pageview', u: 'https://www.example.com/pricing?plan=team', r: 'https://www.example.com/', ti: 'Pricing' },
      { t: 'engage', u: 'https://www.example.com/pricing?plan=team', d: 1000 },
      { t: 'pageview', u: 'https://www.example.com/docs', r: 'https://www.example.com/pricing?plan=team', ti: 'Pricing' },
    ]);
  });

  it('hash changes are page views only with hash routing', async () => {
    const { page, recorded } = await setup();
    page();
    location.hash = '#/pricing';
    page();
    expect(
      recorded()
        .filter((e) => e.t == 'pageview')
        .map((e) => e.u),
    ).toEqual(['https://www.example.com/']);

    resetPage('https://www.example.com/#/home');
    const again = await setup();
    again.setHashRouting(true);
    again.page();
    location.hash = '#/pricing';
    again.page();
    again.page();
    expect(
      again
        .recorded()
        .filter((e) => e.t == 'pageview')
        .map((e) => e.u),
    ).toEqual(['https://www.example.com/#/home', 'https://www.example.com/#/pricing']);
  });

  it('force records the same URL again (tracking restarted after consent)', async () => {
    const { page, recorded } = await setup();
    page();
    page(true);
    expect(recorded().filter((e) => e.t == 'pageview')).toHaveLength(2);
  });
});
