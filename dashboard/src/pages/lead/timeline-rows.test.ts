import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../types.js';
import { timelineRows } from './timeline-rows.js';

const ev = (seq: number, type: string, ts: number, url: string, extra: Partial<TimelineEvent> = {}): TimelineEvent => ({
  seq,
  type,
  ts,
  url,
  path: new URL(url).pathname,
  title: null,
  pageClass: null,
  ...extra,
});

describe('timeline rows', () => {
  it('folds time on page into the page view it belongs to, in time order', () => {
    const rows = timelineRows([
      ev(4, 'engage', 40, 'https://a.test/pricing', { engagedMs: 30_000 }),
      ev(1, 'pageview', 10, 'https://a.test/pricing'),
      ev(2, 'engage', 20, 'https://a.test/pricing', { engagedMs: 15_000 }),
      ev(3, 'download', 30, 'https://a.test/pricing', { href: 'https://a.test/x.pdf' }),
    ]);
    expect(rows.map((r) => [r.event.seq, r.engagedMs])).toEqual([
      [1, 45_000],
      [3, null],
    ]);
  });

  it('keeps an engage line whose page view is not in the session', () => {
    const rows = timelineRows([
      ev(1, 'engage', 10, 'https://a.test/docs', { engagedMs: 5000 }),
      ev(2, 'pageview', 20, 'https://a.test/docs'),
    ]);
    expect(rows.map((r) => [r.event.type, r.engagedMs])).toEqual([
      ['engage', 5000],
      ['pageview', null],
    ]);
  });
});
