import { afterEach, describe, expect, it } from 'vitest';
import { startTestKindling, postEvents, batch, pageview, countEvents } from '../../test/support/kindling.js';
import { sweepRetention } from './index.js';

const DAY = 24 * 3600 * 1000;
let k: Awaited<ReturnType<typeof startTestKindling>>;
afterEach(() => k.cleanup());

describe('retention', () => {
  it('deletes only events received before the cutoff, in chunks', async () => {
    let now = Date.UTC(2026, 0, 1);
    k = await startTestKindling({}, { clock: () => now });
    await postEvents(k, batch([pageview(), pageview(), pageview()]));
    now += 40 * DAY;
    await postEvents(k, batch([pageview()]));
    const deleted = await sweepRetention({ writer: k.writer, eventsDays: 30, clock: () => now, chunkRows: 2 });
    expect(deleted).toBe(3);
    expect(countEvents(k)).toBe(1);
  });

  it('never deletes an event younger than the cutoff; one stored after a clock stepped back goes with the next expiry', async () => {
    let now = Date.UTC(2026, 0, 1);
    // No rate limit: its token bucket would refuse requests from a clock that runs backwards.
    k = await startTestKindling({ rateLimit: { enabled: false } }, { clock: () => now });
    const post = async () => expect((await postEvents(k, batch([pageview()]))).status).toBe(202);
    await post(); // seq 1, day 0
    now += 40 * DAY;
    await post(); // seq 2, day 40
    now -= 40 * DAY;
    await post(); // seq 3, day 0 again: the clock stepped back
    now += 45 * DAY;
    const deleted = await sweepRetention({ writer: k.writer, eventsDays: 30, clock: () => now, chunkRows: 1 });
    expect(deleted).toBe(1);
    const left = k.db.prepare('SELECT seq, received_at FROM events ORDER BY seq').all() as { seq: number; received_at: number }[];
    // Seq 2 is young and stays; seq 3, behind it in the log, waits for it (late, never early).
    expect(left.map((r) => r.seq)).toEqual([2, 3]);
    now += 30 * DAY;
    expect(await sweepRetention({ writer: k.writer, eventsDays: 30, clock: () => now, chunkRows: 1 })).toBe(2);
    expect(countEvents(k)).toBe(0);
  });

  it('keeps everything when eventsDays is null', async () => {
    k = await startTestKindling();
    await postEvents(k, batch([pageview()]));
    expect(await sweepRetention({ writer: k.writer, eventsDays: null, clock: () => Date.now() + 1000 * DAY })).toBe(0);
    expect(countEvents(k)).toBe(1);
  });
});
