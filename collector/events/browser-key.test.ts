import { describe, expect, it } from 'vitest';
import { browserKey, browserKeys } from './browser-key.js';

describe('browser keys', () => {
  it('gives each event its own browser’s key, however the browsers alternate', () => {
    const keyOf = browserKeys();
    const events = [
      { site: 'a', visitorId: 'v1' },
      { site: 'a', visitorId: 'v1' },
      { site: 'a', visitorId: 'v2' },
      { site: 'b', visitorId: 'v2' },
      { site: 'a', visitorId: 'v1' },
      { site: 'a\u0000v', visitorId: '1' },
    ];
    expect(events.map(keyOf)).toEqual(events.map(browserKey));
    expect(new Set(events.map(keyOf)).size).toBe(4);
  });
});
