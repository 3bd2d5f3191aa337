import { describe, expect, it, vi } from 'vitest';
import { createLiveFeed } from './live.js';

/** A stand-in EventSource the test drives by hand. */
class FakeSource {
  static last: FakeSource | null = null;
  readyState = 0;
  closed = false;
  listeners = new Map<string, ((ev: unknown) => void)[]>();
  constructor(readonly url: string) {
    FakeSource.last = this;
  }
  addEventListener(type: string, fn: (ev: unknown) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  emit(type: string, data?: string) {
    for (const fn of this.listeners.get(type) ?? []) fn({ data });
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
}

const factory = (url: string) => new FakeSource(url) as unknown as EventSource;

describe('live feed', () => {
  it('hands lead messages to subscribers and reports its status', () => {
    const feed = createLiveFeed({ create: factory });
    const statuses: string[] = [];
    feed.onStatus((s) => statuses.push(s));
    const got = vi.fn();
    const off = feed.subscribe(got);
    feed.open();
    const src = FakeSource.last!;
    expect(src.url).toBe('/api/live');
    src.emit('hello', '{"at":1}');
    src.emit('lead', '{"type":"lead.updated","leadId":3,"at":5}');
    src.emit('lead', 'not json');
    expect(got).toHaveBeenCalledTimes(1);
    expect(got).toHaveBeenCalledWith({ type: 'lead.updated', leadId: 3, at: 5 });
    off();
    src.emit('lead', '{"type":"lead.updated","leadId":4,"at":6}');
    expect(got).toHaveBeenCalledTimes(1);
    expect(statuses).toEqual(['connecting', 'live']);
    feed.stop();
    expect(src.closed).toBe(true);
    expect(feed.status).toBe('offline');
  });

  it('shows "connecting" while the browser retries, and asks the app when the stream is refused', () => {
    vi.useFakeTimers();
    try {
      const refused = vi.fn();
      const feed = createLiveFeed({ create: factory, onRefused: refused, retryMs: 1000 });
      feed.open();
      const first = FakeSource.last!;
      first.emit('hello', '{}');
      first.readyState = 0; // the browser is reconnecting on its own
      first.emit('error');
      expect(feed.status).toBe('connecting');
      first.readyState = 2; // refused: the browser gave up
      first.emit('error');
      expect(feed.status).toBe('offline');
      expect(refused).toHaveBeenCalledTimes(1);
      vi.advanceTimersByTime(1000);
      expect(FakeSource.last).not.toBe(first);
      expect(feed.status).toBe('connecting');
      feed.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
