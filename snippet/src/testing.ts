/**
 * Test helpers for the snippet's happy-dom unit tests (never bundled: nothing in index.ts imports it).
 * The snippet keeps its state at module level, as the one tracker of a page does, so tests take
 * fresh modules with vi.resetModules() and put the page back with resetPage().
 */
import { afterEach, beforeEach, vi } from 'vitest';
import type { WireBatch } from '../../collector/ingest/wire.js';

export const PAGE_URL = 'https://www.example.com/';

/** A clean page at `url`: no storage, no cookies, no body, visible, no referrer, no kindling. */
export function resetPage(url = PAGE_URL): void {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url);
  localStorage.clear();
  // kn_v always: a cookie set under fake timers may look expired to the real clock, and come back.
  const names = new Set(['kn_v', ...document.cookie.split('; ').map((c) => c.split('=')[0]!)]);
  for (const name of names) if (name) document.cookie = name + '=;path=/;expires=Thu, 01 Jan 1970 00:00:00 GMT';
  document.body.innerHTML = '';
  document.title = 'Home';
  setReferrer('');
  setHidden(false);
  delete (window as { kindling?: unknown }).kindling;
  for (const key of ['doNotTrack', 'globalPrivacyControl']) Reflect.deleteProperty(navigator, key);
}

/**
 * Registers hooks: every test starts on a clean page at `url` (with fake timers set to `now`, when
 * given) and ends with real timers, globals and mocks back.
 */
export function onCleanPage(url = PAGE_URL, now?: number): void {
  beforeEach(() => {
    resetPage(url);
    if (now != null) vi.useFakeTimers({ now });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });
}

export const setReferrer = (referrer: string): void => {
  Object.defineProperty(document, 'referrer', { value: referrer, configurable: true });
};

export const setHidden = (hidden: boolean): void => {
  Object.defineProperty(document, 'hidden', { value: hidden, configurable: true });
  Object.defineProperty(document, 'visibilityState', { value: hidden ? 'hidden' : 'visible', configurable: true });
};

/** The tab goes to the background (or the page is being left), or comes back. */
export const hidePage = (): void => {
  setHidden(true);
  document.dispatchEvent(new Event('visibilitychange'));
};
export const showPage = (): void => {
  setHidden(false);
  document.dispatchEvent(new Event('visibilitychange'));
};

export const setNavigator = (key: 'doNotTrack' | 'globalPrivacyControl', value: unknown): void => {
  Object.defineProperty(navigator, key, { value, configurable: true });
};

export interface Sent {
  url: string;
  body: string;
  init?: RequestInit;
  batch: WireBatch;
}

/**
 * Replaces fetch: records every request and answers with the status `answer` gives (0: the
 * network fails, as when the collector is down).
 */
export function fakeFetch(answer: (sent: Sent) => number = () => 202): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      const request: Sent = { url: String(url), body: String(init.body), init, batch: JSON.parse(String(init.body)) };
      sent.push(request);
      const status = answer(request);
      if (!status) throw new TypeError('Failed to fetch');
      return new Response(null, { status });
    }),
  );
  return sent;
}

/** Replaces navigator.sendBeacon: records every beacon; `accept` is what the browser answers. */
export function fakeBeacon(accept = true): Sent[] {
  const sent: Sent[] = [];
  Object.defineProperty(navigator, 'sendBeacon', {
    configurable: true,
    value: vi.fn((url: string, body: string) => {
      sent.push({ url: String(url), body, batch: JSON.parse(body) });
      return accept;
    }),
  });
  return sent;
}

type Listener = [EventTarget, string, EventListenerOrEventListenerObject, boolean | AddEventListenerOptions | undefined];
/** Every listener added to document or window since recordListeners(). */
export const listeners: Listener[] = [];

/**
 * Records the listeners added to document and window, so that leavePage() can take them away:
 * happy-dom keeps one window per test file, where a browser starts every page load afresh.
 */
const originalAdd = new Map<EventTarget, EventTarget['addEventListener']>();
export function recordListeners(): void {
  for (const target of [document, window] as EventTarget[]) {
    if (!originalAdd.has(target)) originalAdd.set(target, target.addEventListener);
    const add = originalAdd.get(target)!;
    target.addEventListener = (type: string, fn: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions) => {
      listeners.push([target, type, fn, options]);
      add.call(target, type, fn, options);
    };
  }
}

/** The page is gone: its listeners, timers and `kindling` with it (storage and cookies stay). */
export function leavePage(): void {
  for (const [target, type, fn, options] of listeners.splice(0)) target.removeEventListener(type, fn, options);
  vi.clearAllTimers();
  delete (window as { kindling?: unknown }).kindling;
}

/**
 * Fresh delivery and events modules with tracking on, sending (through a fake fetch) batches of
 * the events alone to a test collector: for the unit tests of capture rules and the API.
 */
export async function startTracking() {
  vi.resetModules();
  const sent = fakeFetch();
  const delivery = await import('./delivery/index.js');
  delivery.setupDelivery('https://c.example.com/e', 'site');
  const events = await import('./events.js');
  events.setTracking(true);
  /** Sends what is queued, and returns every event sent so far. */
  const sentEvents = () => {
    delivery.flush();
    return sent.flatMap((s) => s.batch.e);
  };
  return { sent, sentEvents, flush: delivery.flush, emit: events.emit, setTracking: events.setTracking };
}

/** Lets promise callbacks (fetch answers) run. */
export const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

/** The snippet's localStorage record. */
export const record = (): Record<string, any> => JSON.parse(localStorage.getItem('kn') || '{}');
