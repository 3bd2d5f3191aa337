import { describe, expect, it } from 'vitest';
import { inRounds, runSteps, type Step } from './steps.js';

const step = <R>(name: string, run: () => Promise<R>, kept: Record<string, unknown>, timeoutMs = 5000): Step<R> => ({
  name,
  timeoutMs,
  run,
  keep: (r) => (kept[name] = r),
});

describe('the step runner', () => {
  it('reports a failing step with its error and still runs and keeps the ones after it', async () => {
    const kept: Record<string, unknown> = {};
    const lines: string[] = [];
    const reports = await runSteps(
      [
        step('first', async () => 1, kept),
        step('broken', async () => Promise.reject(new Error('no dist/dashboard')), kept),
        step('last', async () => 3, kept),
      ],
      (l) => lines.push(l),
    );
    expect(kept).toEqual({ first: 1, last: 3 });
    expect(reports.map((r) => [r.name, r.ok, r.error])).toEqual([
      ['first', true, undefined],
      ['broken', false, 'no dist/dashboard'],
      ['last', true, undefined],
    ]);
    expect(lines).toEqual(['broken: FAILED: no dist/dashboard']);
    for (const r of reports) {
      expect(r.seconds).toBeGreaterThanOrEqual(0);
      expect(r.loadAverage.start).toBeGreaterThanOrEqual(0);
    }
  });

  it('a step that never ends fails by its timeout, and the suite goes on', async () => {
    const kept: Record<string, unknown> = {};
    const reports = await runSteps([step('hangs', () => new Promise(() => {}), kept, 50), step('after', async () => 'ok', kept)], () => {});
    expect(reports[0]).toMatchObject({ name: 'hangs', ok: false, error: 'hangs did not finish within 0 s' });
    expect(kept).toEqual({ after: 'ok' });
  });

  it('a thrown non-Error is reported as text', async () => {
    const reports = await runSteps([step('odd', () => Promise.reject('plain string'), {})], () => {});
    expect(reports[0]!.error).toBe('plain string');
  });

  it('runs rounds one after another, in order', async () => {
    const seen: number[] = [];
    const results = await inRounds(3, async (round) => {
      seen.push(round);
      await new Promise((r) => setTimeout(r, 5));
      return round * 10;
    });
    expect(results).toEqual([0, 10, 20]);
    expect(seen).toEqual([0, 1, 2]);
  });
});
