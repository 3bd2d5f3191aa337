// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { onCleanPage, startTracking } from '../../test/support/snippet.js';

const T = Date.UTC(2025, 0, 15, 12);

describe('emit', () => {
  onCleanPage('https://www.example.com/pricing', T);

  it('records nothing while tracking is off', async () => {
    const { emit, setTracking, sentEvents } = await startTracking();
    setTracking(false);
    emit('download', { h: 'https://www.example.com/a.pdf' });
    expect(sentEvents()).toEqual([]);
  });

  it('gives every event a unique time-ordered id, the client time and this page URL (or the one given)', async () => {
    const { emit, sentEvents } = await startTracking();
    emit('download', { h: 'https://www.example.com/a.pdf' });
    vi.setSystemTime(T + 5);
    emit('engage', { d: 1200 }, 'https://www.example.com/earlier');
    const [first, second] = sentEvents();
    expect(first).toMatchObject({ t: 'download', ts: T, u: 'https://www.example.com/pricing', h: 'https://www.example.com/a.pdf' });
    expect(second).toMatchObject({ t: 'engage', ts: T + 5, u: 'https://www.example.com/earlier', d: 1200 });
    expect(first!.i).toMatch(/^[0-9a-f]{32}$/);
    expect(parseInt(first!.i.slice(0, 12), 16)).toBe(T);
    expect(second!.i > first!.i).toBe(true);
  });
});
