import { describe, expect, it } from 'vitest';
import { funnelCsvHref, presetRange, type Preset } from './period.js';

describe('period presets', () => {
  const now = Date.UTC(2026, 0, 15, 23, 30); // 15 Jan 2026
  it.each([
    ['this-month', '2026-01-01', '2026-01-31'],
    ['last-month', '2025-12-01', '2025-12-31'],
    ['this-quarter', '2026-01-01', '2026-03-31'],
    ['last-quarter', '2025-10-01', '2025-12-31'],
    ['this-year', '2026-01-01', '2026-12-31'],
    ['last-year', '2025-01-01', '2025-12-31'],
  ] as [Preset, string, string][])('%s', (preset, from, to) => {
    expect(presetRange(preset, now)).toEqual({ from, to });
  });

  it('ends February on its last day, in a leap year too', () => {
    expect(presetRange('last-month', Date.UTC(2028, 2, 1))).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(presetRange('this-quarter', Date.UTC(2026, 7, 31))).toEqual({ from: '2026-07-01', to: '2026-09-30' });
  });

  it('links a table download with the period', () => {
    expect(funnelCsvHref({ from: '2026-07-01', to: '2026-07-31', mode: 'cohort', interval: 'week' }, 'channels')).toBe(
      '/api/funnel.csv?from=2026-07-01&to=2026-07-31&mode=cohort&interval=week&table=channels',
    );
  });
});
