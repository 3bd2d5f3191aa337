import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestKindling, postEvents, batch, pageview } from './support/kindling.js';
import { postSegment } from './support/segment.js';
import { dump } from './support/query.js';
import type { BacktestReport } from '../collector/backtest/run.js';

/**
 * The backtest through the running collector: events from the snippet and from Segment, a
 * disposition through the lead API, then POST /api/backtest — and not one row changed.
 */
type TestKindling = Awaited<ReturnType<typeof startTestKindling>>;
let k: TestKindling;
beforeEach(async () => {
  k = await startTestKindling();
});
afterEach(() => k.cleanup());

const admin = () => ({ authorization: `Bearer ${k.adminToken}`, 'content-type': 'application/json' });

describe('POST /api/backtest on a live collector', () => {
  it('reports on both sources and leaves every table as it was', async () => {
    expect(
      (
        await postEvents(
          k,
          batch([
            pageview('http://localhost:3000/pricing'),
            { i: 'id-1', t: 'identify', ts: Date.now(), u: 'http://localhost:3000/', em: 'ann@acme.io' },
          ]),
        )
      ).status,
    ).toBe(202);
    for (const [i, email] of ['bob@beta.io', 'cy@gamma.io'].entries()) {
      const res = await postSegment(k, 'batch', {
        batch: [
          { type: 'identify', userId: `u${i}`, traits: { email, title: 'CTO', budget: 'yes' } },
          { type: 'page', userId: `u${i}`, properties: { url: 'https://tallyworks.example/pricing' } },
          { type: 'track', userId: `u${i}`, event: 'pricing_inquiry' },
        ],
      });
      expect(res.status).toBe(200);
    }
    const { leads } = (await (await k.app.request('/api/leads', { headers: admin() })).json()) as {
      leads: { id: number; email: string }[];
    };
    const bob = leads.find((l) => l.email === 'bob@beta.io')!;
    expect(
      (
        await k.app.request(`/api/leads/${bob.id}/disposition`, {
          method: 'POST',
          headers: admin(),
          body: JSON.stringify({ disposition: 'won' }),
        })
      ).status,
    ).toBe(200);
    await k.writer.flush();

    const before = await dump(k);
    const res = await k.app.request('/api/backtest', {
      method: 'POST',
      headers: admin(),
      body: JSON.stringify({ stages: { sql: { minBant: 4 } } }),
    });
    expect(res.status).toBe(200);
    const report = (await res.json()) as BacktestReport;
    expect(await dump(k)).toEqual(before);

    expect(report.leads).toBe(3);
    expect(report.judged).toEqual({ positive: 1, negative: 0 });
    // Two Segment leads reached SQL under the rules in force (inquiry + CTO + budget); needing all four
    // BANT answers, none would.
    expect(report.current.counts.sql).toBe(2);
    expect(report.proposed.counts.sql).toBe(0);
    expect(report.current.recall).toBe(1);
    expect(report.proposed.recall).toBe(0);
    expect(report.bandChanges.map((c) => c.email).sort()).toEqual(['bob@beta.io', 'cy@gamma.io']);
  });

  it('needs the admin token', async () => {
    expect((await k.app.request('/api/backtest', { method: 'POST', body: '{}' })).status).toBe(401);
  });
});
