// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, leavePage, recordListeners, resetPage } from '../../test/support/snippet.js';

describe('k.js entry', () => {
  afterEach(() => {
    leavePage();
    vi.unstubAllGlobals();
  });

  it('boots the tracker for document.currentScript', async () => {
    recordListeners();
    resetPage('https://www.example.com/');
    const sent = fakeFetch();
    const script = document.createElement('script');
    script.setAttribute('src', 'https://collector.example.net/k.js');
    script.setAttribute('data-site', 'acme');
    Object.defineProperty(document, 'currentScript', { value: script, configurable: true });
    vi.useFakeTimers();
    vi.resetModules();
    await import('./index.js');
    expect(typeof (window as { kindling?: unknown }).kindling).toBe('function');
    vi.advanceTimersByTime(1000);
    expect(sent.map((s) => [s.url, s.batch.s, s.batch.e[0]!.t])).toEqual([['https://collector.example.net/e', 'acme', 'pageview']]);
    vi.useRealTimers();
  });

  it('does nothing, and throws nothing, without a script tag (document.currentScript is null)', async () => {
    resetPage('https://www.example.com/');
    Object.defineProperty(document, 'currentScript', { value: null, configurable: true });
    vi.resetModules();
    await expect(import('./index.js')).resolves.toBeDefined();
    expect((window as { kindling?: unknown }).kindling).toBeUndefined();
  });
});
