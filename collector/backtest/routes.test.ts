import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { testConfig } from '../config/index.js';
import { errorResponse } from '../errors.js';
import { backtestRoutes } from './routes.js';
import { openSource } from './source.js';
import { buildFixture, CURRENT, PROPOSED, NOW } from '../../test/support/backtest-fixture.js';
import { dumpDatabase } from '../store/sqlite/dump.js';
import type { BacktestReport } from './run.js';
import { defaultWorkers } from '../worker-script/blocks.js';

const TOKEN = 'test-admin-token-0123456789';
let fx: Awaited<ReturnType<typeof buildFixture>>;
let app: Hono;

beforeAll(async () => {
  fx = await buildFixture();
  const config = testConfig({ scoring: CURRENT }, { KINDLING_DB: fx.dbPath });
  app = new Hono();
  app.onError((err, c) => errorResponse(err, c, () => {}));
  // The admin guard is the app's, in front of every /api/* route (test/http-edge.test.ts walks them all).
  app.route('/', backtestRoutes({ config, openBacktestSource: async () => openSource(fx.dbPath), clock: () => NOW }));
});
afterAll(() => fx.cleanup());

const post = (body: unknown, token: string | null = TOKEN) =>
  app.request('/api/backtest', {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });

describe('POST /api/backtest', () => {
  it('answers 400 naming the wrong key of bad rules, and for a body that is not JSON', async () => {
    const res = await post({ ...PROPOSED, halfLifeDays: -3 });
    expect(res.status).toBe(400);
    const error = ((await res.json()) as { error: { details: { path: string }[] } }).error;
    expect(error.details.map((d) => d.path)).toContain('halfLifeDays');
    expect((await post('{"halfLifeDays":')).status).toBe(400);
  });

  it('replays under the proposed and the current rules, rates rounded, and writes nothing', async () => {
    const before = dumpDatabase(fx.h.db);
    const res = await post(PROPOSED);
    expect(res.status).toBe(200);
    const report = (await res.json()) as BacktestReport;
    expect(report).toMatchObject({ now: NOW, leads: 6, events: 24, bandChangesTotal: 5 });
    // On a SQLite file the replays run in worker threads, off the thread that answers ingest.
    expect(report.workers).toBe(defaultWorkers());
    expect(report.current.counts).toEqual({ lead: 1, mql: 1, near_sql: 1, sql: 3 });
    expect(report.proposed.counts).toEqual({ lead: 2, mql: 1, near_sql: 1, sql: 2 });
    expect([report.current.precision, report.proposed.precision, report.proposed.recall]).toEqual([0.6667, 1, 0.6667]);
    expect(dumpDatabase(fx.h.db)).toEqual(before);
  });

  it('an empty body backtests the default rules', async () => {
    const res = await post('');
    expect(res.status).toBe(200);
    expect(((await res.json()) as BacktestReport).proposed.ruleLift.map((l) => l.ruleId)).toContain('pricing-view');
  });

  it('a source that cannot be opened fails that request only: the next backtest runs', async () => {
    const config = testConfig({ scoring: CURRENT }, { KINDLING_DB: fx.dbPath });
    const failing = new Hono();
    failing.onError((err, c) => errorResponse(err, c, () => {}));
    let opens = 0;
    const openBacktestSource = async () => {
      if (++opens === 1) throw new Error('database unavailable');
      return openSource(fx.dbPath);
    };
    failing.route('/', backtestRoutes({ config, openBacktestSource, clock: () => NOW }));
    const request = () => failing.request('/api/backtest', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect((await request()).status).toBe(500);
    expect((await request()).status).toBe(200);
  });
});
