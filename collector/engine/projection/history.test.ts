import { afterEach, describe, expect, it } from 'vitest';
import { engineHarness, type Harness } from '../../../test/support/engine.js';
import { events } from '../../../test/support/engine.js';
import { rows, run } from '../../../test/support/query.js';

const T0 = Date.UTC(2025, 0, 1);
const MIN = 60_000;
let h: Harness;
afterEach(() => h?.close());

const history = (email: string) =>
  rows<{ at: number; from: string; to: string; cause: string; score: number }>(
    h,
    'SELECT h.at, h.from_value AS "from", h.to_value AS "to", h.cause, h.score FROM lead_history h JOIN leads l ON l.id = h.lead_id WHERE l.email = ? ORDER BY h.at, h.id',
    [email],
  );

/** Three pricing visits while anonymous (30 points, the cap), then an identify as a VP with a work address (+25 fit). */
async function pricingThenIdentify(identify = events.identify('v1', T0 + 5 * MIN, 'ann@acme.io', { title: 'VP Sales' })) {
  h = await engineHarness();
  h.clock.now = T0;
  await h.writer.write([0, 1, 2].map((i) => events.view('v1', T0 + i * MIN, '/pricing', 'pricing')));
  h.clock.now = T0 + 5 * MIN;
  await h.writer.write([identify]);
}

describe('stage history', () => {
  it('records the score a visitor had on identifying, and credits the MQL to the identify, not to the visits before it', async () => {
    await pricingThenIdentify();
    const stages = await history('ann@acme.io');
    expect(stages.map((r) => [r.from, r.to, r.cause])).toEqual([
      ['visitor', 'lead', 'identified'],
      ['lead', 'mql', 'identified'],
    ]);
    // Same moment, same score: the real one (decayed pricing points plus fit), not 0.
    expect(stages[0]!.at).toBe(stages[1]!.at);
    expect(stages[0]!.score).toBeGreaterThan(50);
    expect(stages[0]!.score).toBeCloseTo(stages[1]!.score, 6);
  });

  it('credits an identifying demo request with what it did', async () => {
    await pricingThenIdentify(events.form('v1', T0 + 5 * MIN, { id: 'demo-request', fields: {} }, 'ann@acme.io'));
    expect((await history('ann@acme.io')).map((r) => r.cause)).toEqual(['identified', 'requested a demo']);
  });

  it('is rebuilt the same by a rescore', async () => {
    await pricingThenIdentify();
    const before = await history('ann@acme.io');
    await run(h, "UPDATE settings SET value = 'stale' WHERE key LIKE '%fingerprint%'");
    await h.engine.rescore();
    expect(await history('ann@acme.io')).toEqual(before);
  });

  it('scores a lead identified with no history by its fit alone', async () => {
    h = await engineHarness();
    await h.writer.write([events.identify('v2', T0, 'bob@beta.io', { title: 'VP Sales' })]);
    expect(await history('bob@beta.io')).toEqual([{ at: T0, from: 'visitor', to: 'lead', cause: 'identified', score: 25 }]);
  });
});
