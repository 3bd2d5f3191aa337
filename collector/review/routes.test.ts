import { afterEach, describe, expect, it } from 'vitest';
import { startTestKindling } from '../../test/support/kindling.js';
import { events } from '../../test/support/engine.js';

const T0 = Date.UTC(2026, 4, 4);
let k: Awaited<ReturnType<typeof startTestKindling>>;
afterEach(() => k?.cleanup());

const get = async (path: string) => {
  const res = await k.app.request(path, { headers: { authorization: `Bearer ${k.adminToken}` } });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

describe('GET /api/review', () => {
  it("reviews the quarter's closed leads through the store the collector runs on", async () => {
    k = await startTestKindling({}, { clock: () => T0 + 60_000, log: () => {} });
    await k.writer.write([
      events.identify('a', T0, 'ann@acme.io'),
      events.form('b', T0, { id: 'demo', fields: { budget: 'yes', timeline: 'now' } }, 'bob@globex.com'),
      events.identify('c', T0, 'cat@initech.net'),
    ]);
    const { body: list } = await get('/api/leads');
    const id = (email: string) => list.leads.find((l: { email: string }) => l.email === email).id;
    for (const [email, disposition] of [
      ['bob@globex.com', 'won'],
      ['ann@acme.io', 'rejected'],
    ] as const) {
      const res = await k.app.request(`/api/leads/${id(email)}/disposition`, {
        method: 'POST',
        headers: { authorization: `Bearer ${k.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ disposition }),
      });
      expect(res.status, await res.text()).toBe(200);
    }
    const { status, body } = await get('/api/review?quarter=2026Q2');
    expect(status).toBe(200);
    expect(body.quarter).toBe('2026Q2');
    expect(body.outcomes).toEqual({ won: 1, lostRejected: 1, minimum: 5 });
    expect(body.lifts.length).toBeGreaterThan(0);
    expect(body.lifts.every((l: { tooFew: boolean }) => l.tooFew)).toBe(true);
    expect(body.thresholds.wonAtFirstAction.n).toBe(1);
    expect(body.proposal.kind).toBe('none');
    expect(body.backtest.current.judged).toBe(2);
    expect((await get('/api/review?quarter=2026Q1')).body.outcomes).toEqual({ won: 0, lostRejected: 0, minimum: 5 });
  });

  it('refuses a malformed quarter with a 400 naming the key', async () => {
    k = await startTestKindling({}, { clock: () => T0, log: () => {} });
    const { status, body } = await get('/api/review?quarter=2026Q5');
    expect(status).toBe(400);
    expect(body.error.details[0].path).toBe('quarter');
  });
});
