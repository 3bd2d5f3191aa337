import { describe, expect, it } from 'vitest';
import { wireBatchSchema } from '../collector/ingest/wire.js';
import { trafficMaker } from './traffic.js';

type Batch = ReturnType<typeof wireBatchSchema.parse>;
const take = (make: () => string, n: number): Batch[] => Array.from({ length: n }, () => wireBatchSchema.parse(JSON.parse(make())));
const NOW = 1_800_000_000_000;

describe('bench traffic', () => {
  it('every body is a valid batch; ids are new and in sort order, like the snippet’s', () => {
    const batches = take(trafficMaker({ runId: 'x', eventsPerRequest: 20, now: () => NOW }), 300);
    const ids = batches.flatMap((b) => b.e.map((e) => e.i));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it.each([0.2, 0.5, 1, 0])('a share of %s of the visitors identify with an email', (identifyShare) => {
    const visitors = 200;
    const batches = take(trafficMaker({ runId: 'x', eventsPerRequest: 1, visitors, identifyShare, now: () => NOW }), visitors * 3);
    const identified = new Set(batches.filter((b) => b.e.some((e) => 'em' in e && e.em)).map((b) => b.v));
    expect(identified.size).toBe(Math.round(identifyShare * visitors));
  });

  it('identified visitors come back with demo requests that carry BANT answers', () => {
    const batches = take(trafficMaker({ runId: 'x', eventsPerRequest: 1, visitors: 10, formEvery: 4, now: () => NOW }), 10 * 8);
    const demos = batches.flatMap((b) => b.e).filter((e) => e.t === 'form' && (e as { f?: { id?: string } }).f?.id === 'demo-request');
    expect(demos).toHaveLength(2 * 2); // 2 identifying visitors, visits 4 and 8
    expect(JSON.stringify(demos)).toContain('"budget":"approved"');
  });

  it('in order by default except a few late batches; jitter moves every event back by up to jitterMs', () => {
    const lateness = (b: Batch[]) => b.flatMap((x) => x.e.map((e) => NOW - e.ts));
    const normal = lateness(take(trafficMaker({ runId: 'x', eventsPerRequest: 1, now: () => NOW }), 5000));
    const late = normal.filter((d) => d > 0);
    expect(late.length).toBeGreaterThan(50);
    expect(late.length).toBeLessThan(200); // about 2%
    expect(Math.max(...late)).toBeLessThanOrEqual(60_000);
    expect(lateness(take(trafficMaker({ runId: 'x', eventsPerRequest: 1, lateShare: 0, now: () => NOW }), 500)).every((d) => d === 0)).toBe(
      true,
    );
    const jittered = lateness(take(trafficMaker({ runId: 'x', eventsPerRequest: 5, lateShare: 0, jitterMs: 3000, now: () => NOW }), 500));
    expect(Math.max(...jittered)).toBeLessThanOrEqual(3000);
    expect(jittered.filter((d) => d > 0).length).toBeGreaterThan(jittered.length * 0.9);
  });
});
