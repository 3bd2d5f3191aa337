// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { MAX_ENGAGED_MS } from '../constants.js';
import { onCleanPage, setHidden, startTracking } from '../../../test/support/snippet.js';

const T = Date.UTC(2025, 0, 15, 12);

describe('engagement (visible time on page)', () => {
  onCleanPage('https://www.example.com/pricing', T);

  async function setup() {
    const { sentEvents } = await startTracking();
    const engaged = () => sentEvents().map((e) => [(e as { d: number }).d, e.u]);
    return { ...(await import('./engage.js')), engaged };
  }

  it('counts only the time the page is visible', async () => {
    const { resume, report, engaged } = await setup();
    resume();
    vi.advanceTimersByTime(4000);
    report(); // hidden
    setHidden(true);
    vi.advanceTimersByTime(60_000);
    resume(); // still hidden: does not count
    vi.advanceTimersByTime(5000);
    report();
    setHidden(false);
    resume();
    vi.advanceTimersByTime(1500);
    report();
    expect(engaged()).toEqual([
      [4000, 'https://www.example.com/pricing'],
      [1500, 'https://www.example.com/pricing'],
    ]);
  });

  it('reports for the page given (a route left behind) and nothing when no time passed', async () => {
    const { resume, report, engaged } = await setup();
    report();
    resume();
    report();
    resume();
    vi.advanceTimersByTime(700);
    report('https://www.example.com/docs');
    expect(engaged()).toEqual([[700, 'https://www.example.com/docs']]);
  });

  it('caps one report at a day, as the collector requires', async () => {
    const { resume, report, engaged } = await setup();
    resume();
    vi.advanceTimersByTime(MAX_ENGAGED_MS + 5000);
    report();
    expect(engaged()).toEqual([[MAX_ENGAGED_MS, 'https://www.example.com/pricing']]);
  });
});
