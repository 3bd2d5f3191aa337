import { afterEach, describe, expect, it } from 'vitest';
import { startTestKindling, postEvents, batch, pageview, countEvents } from '../../test/kindling.js';
import { sweepRetention } from './index.js';

const DAY = 24 * 3600 * 1000;
let k: ReturnType<typeof startTestKindling>;
afterEach(() => k.cleanup());

describe('retention', () => {
  it('deletes only events received before the cutoff, in chunks', async () => {
    let now = Date.UTC(2026, 0, 1);
    k = startTestKindling({}, { clock: () => now });
    await postEvents(k, batch([pageview(), pageview(), pageview()]));
    now += 40 * DAY;
    await postEvents(k, batch([pageview()]));
    const deleted = await sweepRetention({ writer: k.writer, eventsDays: 30, clock: () => now, chunkRows: 2 });
    expect(deleted).toBe(3);
    expect(countEvents(k)).toBe(1);
  });

  it('keeps everything when eventsDays is null', async () => {
    k = startTestKindling();
    await postEvents(k, batch([pageview()]));
    expect(await sweepRetention({ writer: k.writer, eventsDays: null, clock: () => Date.now() + 1000 * DAY })).toBe(0);
    expect(countEvents(k)).toBe(1);
  });
});
