import { afterEach, describe, expect, it } from 'vitest';
import { startTestKindling } from './support/kindling.js';
import { events } from './support/engine.js';
import type { BacktestReport } from '../collector/backtest/run.js';

/**
 * Issue 17, point 9: precision and recall against every lead with a known outcome, CRM imports
 * included. Sales judged only the SQLs at first (recall 1 by construction, and the report says so);
 * the CRM then brings outcomes of leads Kindling never flagged, and recall becomes honest.
 */
let k: Awaited<ReturnType<typeof startTestKindling>>;
afterEach(() => k?.cleanup());

const admin = () => ({ authorization: `Bearer ${k.adminToken}`, 'content-type': 'application/json' });
const post = async (path: string, body: unknown) => {
  const res = await k.app.request(path, { method: 'POST', headers: admin(), body: JSON.stringify(body) });
  expect(res.status, path).toBe(200);
  return res.json();
};
const outcome = (email: string, result: string) => ({ crm: 'salesforce', email, outcome: result, date: '2026-06-30' });

describe('backtest metrics with imported outcomes', () => {
  it('counts CRM outcomes of unflagged leads as false negatives and true negatives', async () => {
    k = await startTestKindling();
    const now = Date.now();
    // Two SQLs (a demo request with budget and timeline) and four leads that never went past lead.
    const demo = { id: 'demo', fields: { budget: 'yes', timeline: 'now' } };
    await k.writer.write([
      events.form('s1', now, demo, 'sql-won@acme.io'),
      events.form('s2', now, demo, 'sql-lost@acme.io'),
      events.identify('l1', now, 'lead-won@acme.io'),
      events.identify('l2', now, 'lead-disq@acme.io'),
      events.identify('l3', now, 'lead-opp@acme.io'),
      events.identify('l4', now, 'lead-none@acme.io'),
    ]);
    await post('/api/outcomes', { rows: [outcome('sql-won@acme.io', 'won'), outcome('sql-lost@acme.io', 'lost')] });
    await k.writer.flush();

    // Only the flagged leads judged: TP 1 (won), FP 1 (lost), nothing else known.
    const before = (await post('/api/backtest', {})) as BacktestReport;
    expect(before.current.confusion).toEqual({ truePositive: 1, falsePositive: 1, falseNegative: 0, trueNegative: 0 });
    expect([before.current.precision, before.current.recall]).toEqual([0.5, 1]);
    expect(before.current.outcomes).toEqual({ judged: 2, positive: 1, negative: 1, tooFew: true, onlyFlaggedJudged: true });

    const report = (await post('/api/outcomes', {
      rows: [outcome('lead-won@acme.io', 'won'), outcome('lead-disq@acme.io', 'disqualified'), outcome('lead-opp@acme.io', 'opportunity')],
    })) as { created: number };
    expect(report.created).toBe(3);
    await k.writer.flush();

    // Worked by hand: won and opportunity (accepted) are positive, disqualified (rejected) negative.
    // TP 1 (sql-won), FP 1 (sql-lost), FN 2 (lead-won, lead-opp), TN 1 (lead-disq); lead-none is not judged.
    // Precision 1 / (1 + 1) = 0.5; recall 1 / (1 + 2) = 1/3.
    const after = (await post('/api/backtest', {})) as BacktestReport;
    expect(after.current.confusion).toEqual({ truePositive: 1, falsePositive: 1, falseNegative: 2, trueNegative: 1 });
    expect(after.current.precision).toBe(0.5);
    expect(after.current.recall).toBe(0.3333); // 1/3, the report's four places
    expect(after.current.outcomes).toEqual({ judged: 5, positive: 3, negative: 2, tooFew: true, onlyFlaggedJudged: false });
    expect(after.judged).toEqual({ positive: 3, negative: 2 });
  });
});
