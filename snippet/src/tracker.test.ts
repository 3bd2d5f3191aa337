// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TICK_MS } from './constants.js';
import {
  fakeBeacon,
  fakeFetch,
  hidePage,
  leavePage,
  listeners,
  record,
  recordListeners,
  resetPage,
  setNavigator,
  setReferrer,
  settle,
  type Sent,
} from '../../test/support/snippet.js';

const T = Date.UTC(2025, 0, 15, 12);
type Kindling = ((...args: unknown[]) => void) & { q?: unknown[] };
const kindling = () => (window as unknown as { kindling: Kindling }).kindling;

/** The page's tag; attributes as written in HTML. */
function tag(attrs: Record<string, string> = {}) {
  const script = document.createElement('script');
  script.setAttribute('src', 'https://collector.example.net/k.js');
  script.setAttribute('data-site', 'acme');
  for (const [k, v] of Object.entries(attrs)) script.setAttribute(k, v);
  return script; // not appended: happy-dom would try to fetch it
}

/** Loads the snippet (fresh modules, as a new page load does) for `script`. */
async function load(script: HTMLScriptElement) {
  vi.resetModules();
  const { boot } = await import('./tracker.js');
  boot(script);
}

const events = (sent: Sent[]) => sent.flatMap((s) => s.batch.e);
const types = (sent: Sent[]) => events(sent).map((e) => e.t);

describe('tracker', () => {
  let sent: Sent[];
  beforeEach(() => {
    recordListeners();
    resetPage('https://www.example.com/?utm_source=linkedin&utm_medium=paid');
    setReferrer('https://www.linkedin.com/');
    document.title = 'Acme home';
    vi.useFakeTimers({ now: T });
    sent = fakeFetch();
  });
  afterEach(() => {
    leavePage();
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('records the page view on load and sends it within a tick to the script origin, with visitor, session and landing page', async () => {
    await load(tag());
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(TICK_MS);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe('https://collector.example.net/e');
    const batch = sent[0]!.batch;
    expect(batch).toMatchObject({
      s: 'acme',
      l: { u: 'https://www.example.com/?utm_source=linkedin&utm_medium=paid', r: 'https://www.linkedin.com/' },
      e: [
        {
          t: 'pageview',
          ts: T,
          u: 'https://www.example.com/?utm_source=linkedin&utm_medium=paid',
          r: 'https://www.linkedin.com/',
          ti: 'Acme home',
        },
      ],
    });
    expect(batch.v).toMatch(/^[0-9a-f]{32}$/);
    expect(batch.ss).toMatch(/^[0-9a-f]{32}$/);
    expect(record().v).toBe(batch.v);
    expect(document.cookie).toContain(`kn_v=${batch.v}`);
  });

  it('data-api names the collector', async () => {
    await load(tag({ 'data-api': 'https://track.acme.example/kindling' }));
    vi.advanceTimersByTime(TICK_MS);
    expect(sent[0]!.url).toBe('https://track.acme.example/kindling/e');
  });

  it('SPA navigation (pushState, replaceState, popstate) records page views; the same URL is not recorded twice', async () => {
    await load(tag());
    vi.advanceTimersByTime(TICK_MS);
    history.pushState({}, '', '/pricing');
    vi.advanceTimersByTime(TICK_MS);
    history.replaceState({}, '', '/pricing'); // same URL: nothing
    history.replaceState({}, '', '/pricing#plans'); // hash only: nothing without hash routing
    vi.advanceTimersByTime(TICK_MS);
    history.replaceState({}, '', '/docs');
    window.dispatchEvent(new PopStateEvent('popstate'));
    vi.advanceTimersByTime(TICK_MS);
    const views = events(sent).filter((e) => e.t == 'pageview');
    expect(views.map((e) => [e.u, (e as { r?: string }).r])).toEqual([
      ['https://www.example.com/?utm_source=linkedin&utm_medium=paid', 'https://www.linkedin.com/'],
      ['https://www.example.com/pricing', 'https://www.example.com/?utm_source=linkedin&utm_medium=paid'],
      ['https://www.example.com/docs', 'https://www.example.com/pricing'],
    ]);
    // one session throughout, and visible time reported for each page left
    expect(new Set(sent.map((s) => s.batch.ss)).size).toBe(1);
    expect(
      events(sent)
        .filter((e) => e.t == 'engage')
        .map((e) => e.u),
    ).toEqual(['https://www.example.com/?utm_source=linkedin&utm_medium=paid', 'https://www.example.com/pricing']);
  });

  it('hash routing is opt-in: data-hash-routing', async () => {
    resetPage('https://www.example.com/#/home');
    await load(tag({ 'data-hash-routing': '' }));
    location.hash = '#/pricing';
    vi.advanceTimersByTime(TICK_MS);
    expect(
      events(sent)
        .filter((e) => e.t == 'pageview')
        .map((e) => e.u),
    ).toEqual(['https://www.example.com/#/home', 'https://www.example.com/#/pricing']);
  });

  it('on page hide it reports the visible time and sends what is queued by sendBeacon', async () => {
    const beacons = fakeBeacon();
    await load(tag());
    vi.advanceTimersByTime(TICK_MS);
    vi.advanceTimersByTime(12_345 - TICK_MS);
    document.body.innerHTML = '<a href="/files/brochure.pdf">brochure</a>';
    kindling()('track', 'video_play', { video: 'demo' });
    hidePage();
    window.dispatchEvent(new Event('pagehide'));
    expect(beacons).toHaveLength(1);
    expect(beacons[0]!.url).toBe('https://collector.example.net/e');
    expect(beacons[0]!.batch.e).toEqual([
      expect.objectContaining({ t: 'engage', d: 12_345, u: 'https://www.example.com/?utm_source=linkedin&utm_medium=paid' }),
    ]);
  });

  it('replays the calls the queue stub took before the script loaded, after the page view', async () => {
    (window as unknown as { kindling: Kindling }).kindling = function () {
      // the documented stub: kindling=window.kindling||function(){(kindling.q=kindling.q||[]).push(arguments)}
      const k = (window as unknown as { kindling: Kindling }).kindling;
      // the real stub queues arguments objects (iterable: the snippet spreads them)
      (k.q = k.q || []).push(arguments);
    } as Kindling;
    kindling()('identify', 'Ada@Example.com', { title: 'CTO' });
    kindling()('track', 'pricing_calculator', { seats: 40 });
    await load(tag());
    vi.advanceTimersByTime(TICK_MS);
    expect(types(sent)).toEqual(['pageview', 'identify', 'track']);
    expect(events(sent)[1]).toMatchObject({ em: 'ada@example.com', tr: { title: 'CTO' } });
    kindling()('page');
    kindling()('no such command', 1);
    vi.advanceTimersByTime(TICK_MS);
    expect(types(sent)).toEqual(['pageview', 'identify', 'track']);
  });

  it('a second copy of the script does nothing', async () => {
    await load(tag());
    const first = kindling();
    await load(tag());
    expect(kindling()).toBe(first);
    vi.advanceTimersByTime(TICK_MS);
    expect(types(sent)).toEqual(['pageview']);
  });

  describe('consent', () => {
    it('data-consent="required" holds everything (no storage, no cookie, no request) until consent is given', async () => {
      await load(tag({ 'data-consent': 'required' }));
      kindling()('identify', 'ada@example.com');
      kindling()('track', 'held');
      vi.advanceTimersByTime(10 * TICK_MS);
      expect(sent).toEqual([]);
      expect(localStorage.getItem('kn')).toBeNull();
      expect(document.cookie).not.toMatch(/kn_v=\w/);
      kindling()('consent', true);
      vi.advanceTimersByTime(TICK_MS);
      expect(types(sent)).toEqual(['pageview', 'identify', 'track']);
      // remembered on the next page load
      sent.length = 0;
      leavePage();
      history.pushState({}, '', '/next');
      await load(tag({ 'data-consent': 'required' }));
      vi.advanceTimersByTime(TICK_MS);
      expect(types(sent)).toEqual(['pageview']);
    });

    it('consent false stops tracking, forgets the ids and drops calls; true starts again with a new visitor', async () => {
      await load(tag());
      vi.advanceTimersByTime(TICK_MS);
      const visitor = sent[0]!.batch.v;
      history.pushState({}, '', '/pricing');
      kindling()('page'); // queued for the next tick
      kindling()('consent', false);
      kindling()('track', 'after refusal');
      vi.advanceTimersByTime(TICK_MS);
      expect(types(sent)).toEqual(['pageview']);
      expect(record()).toEqual({ c: false });
      expect(document.cookie).not.toContain(visitor);
      // refused is remembered: the next page load records nothing
      leavePage();
      await load(tag());
      vi.advanceTimersByTime(TICK_MS);
      expect(types(sent)).toEqual(['pageview']);
      kindling()('consent', true);
      vi.advanceTimersByTime(TICK_MS);
      expect(types(sent)).toEqual(['pageview', 'pageview']);
      expect(sent[1]!.batch.v).not.toBe(visitor);
    });
  });

  describe('privacy signals', () => {
    it('Do Not Track: no tracking at all, unless data-respect-dnt="false"', async () => {
      setNavigator('doNotTrack', '1');
      await load(tag());
      kindling()('identify', 'ada@example.com');
      kindling()('consent', true);
      vi.advanceTimersByTime(TICK_MS);
      expect(sent).toEqual([]);
      expect(document.cookie).not.toMatch(/kn_v=\w/);
      leavePage();
      await load(tag({ 'data-respect-dnt': 'false' }));
      vi.advanceTimersByTime(TICK_MS);
      expect(types(sent)).toEqual(['pageview']);
    });

    it('Global Privacy Control: no tracking, unless data-respect-dnt="false"', async () => {
      setNavigator('globalPrivacyControl', true);
      await load(tag());
      vi.advanceTimersByTime(TICK_MS);
      expect(sent).toEqual([]);
      leavePage();
      await load(tag({ 'data-respect-dnt': 'false' }));
      vi.advanceTimersByTime(TICK_MS);
      expect(types(sent)).toEqual(['pageview']);
    });

    it('no tracking on localhost unless data-allow-localhost', async () => {
      resetPage('http://localhost:5173/');
      await load(tag());
      vi.advanceTimersByTime(TICK_MS);
      expect(sent).toEqual([]);
      leavePage();
      await load(tag({ 'data-allow-localhost': '' }));
      vi.advanceTimersByTime(TICK_MS);
      expect(types(sent)).toEqual(['pageview']);
    });

    it('no tracking without data-site', async () => {
      const script = tag();
      script.removeAttribute('data-site');
      await load(script);
      vi.advanceTimersByTime(TICK_MS);
      expect(sent).toEqual([]);
    });
  });

  it('still records within the page when the browser refuses storage', async () => {
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    await load(tag());
    vi.advanceTimersByTime(TICK_MS);
    history.pushState({}, '', '/pricing');
    vi.advanceTimersByTime(TICK_MS);
    expect(types(sent)).toEqual(['pageview', 'engage', 'pageview']);
    expect(new Set(sent.map((s) => s.batch.v)).size).toBe(1);
    expect(new Set(sent.map((s) => s.batch.ss)).size).toBe(1);
  });

  describe('manners', () => {
    it('never throws into the page, even when storage and the network throw', async () => {
      vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
        throw new DOMException('denied', 'SecurityError');
      });
      vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
        throw new DOMException('denied', 'SecurityError');
      });
      vi.stubGlobal('fetch', () => {
        throw new TypeError('blocked by an extension');
      });
      const errors: unknown[] = [];
      window.addEventListener('error', (e) => errors.push(e));
      await load(tag());
      expect(() => {
        kindling()('identify', { toString: null });
        kindling()('track', Symbol('x') as unknown as string);
        kindling()();
        history.pushState({}, '', '/pricing');
        vi.advanceTimersByTime(5 * TICK_MS);
        document.body.innerHTML = '<form><input name="a" value="b"></form><a href="/x.pdf">x</a>';
        document.querySelector('a')!.click();
        document.querySelector('form')!.requestSubmit();
        hidePage();
      }).not.toThrow();
      await settle();
      expect(errors).toEqual([]);
    });

    it('listens through delegated listeners on document and window only, never on page elements', async () => {
      document.body.innerHTML = '<a href="/a.pdf">a</a><form><input name="x"></form>';
      const onElements = vi.spyOn(Element.prototype, 'addEventListener');
      await load(tag());
      expect(onElements).not.toHaveBeenCalled();
      expect(listeners.map(([target, type, , capture]) => [target === document ? 'document' : 'window', type, !!capture]).sort()).toEqual([
        ['document', 'click', true],
        ['document', 'submit', true],
        ['document', 'visibilitychange', false],
        ['window', 'pagehide', false],
      ]);
    });
  });
});
