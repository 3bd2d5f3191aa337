import { afterEach, describe, expect, it } from 'vitest';
import { engineHarness, events, type Harness } from '../../../test/support/engine.js';
import { one } from '../../../test/support/query.js';
import { DAY_MS } from '../rules/compile.js';
import { RANK_EPOCH_KEY } from './rank.js';

const T0 = Date.UTC(2025, 0, 1);
let h: Harness;
afterEach(() => h?.close());

const storedEpoch = async () =>
  (await one<{ value: string }>(h, 'SELECT value FROM settings WHERE key = ?', [RANK_EPOCH_KEY]))?.value ?? null;

describe('the unit of work', () => {
  it('reads the rank epoch only when it writes a lead: anonymous events leave it unset, the first lead sets it to its day', async () => {
    h = await engineHarness({}, { now: T0 + 3 * DAY_MS + 5 });
    await h.writer.write([events.view('v1', T0, '/'), events.view('v2', T0, '/pricing', 'pricing')]);
    expect(await storedEpoch()).toBeNull();
    h.clock.now = T0 + 7 * DAY_MS + 11;
    await h.writer.write([events.identify('v1', T0 + 7 * DAY_MS, 'ann@acme.io')]);
    expect(Number(await storedEpoch())).toBe(T0 + 7 * DAY_MS);
    // The lead's rank key is taken against that epoch (engagement at the epoch, so > 0 after a page view).
    const lead = (await one<{ rank_key: number }>(h, 'SELECT rank_key FROM leads WHERE email = ?', ['ann@acme.io']))!;
    expect(lead.rank_key).toBeGreaterThan(0);
  });
});
