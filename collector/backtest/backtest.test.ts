import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoringSchema } from '../engine/config.js';
import { compileRules } from '../engine/rules/compile.js';
import { openSource } from './source.js';
import { replayInWorkers } from '../store/sqlite/backtest-workers.js';
import { runBacktest, type BacktestReport } from './run.js';
import { buildFixture, CURRENT, PROPOSED, NOW, T0, DAY } from '../../test/support/backtest-fixture.js';
import { dumpDatabase } from '../store/sqlite/dump.js';
import { events } from '../../test/support/engine.js';

let fx: Awaited<ReturnType<typeof buildFixture>>;
let report: BacktestReport;
const progress: number[] = [];

beforeAll(async () => {
  fx = await buildFixture();
  const source = openSource(fx.dbPath);
  try {
    report = await runBacktest({
      source,
      current: compileRules(scoringSchema.parse(CURRENT)),
      proposed: compileRules(scoringSchema.parse(PROPOSED)),
      now: NOW,
      chunkLeads: 4,
      onProgress: (p) => progress.push(p.leadsDone),
    });
  } finally {
    await source.close();
  }
});
afterAll(() => fx.cleanup());

const lift = (r: BacktestReport['current'], id: string) => r.ruleLift.find((l) => l.ruleId === id);

describe('a backtest over the fixture history matches the hand-computed numbers', () => {
  it('reads every lead and event, in chunks, with progress', () => {
    expect(report.leads).toBe(6);
    // 6 identifies + 3 + 3 + 2 + 5 + 1 + 4 steps.
    expect(report.events).toBe(24);
    expect(progress).toEqual([4, 6]);
    expect(report.judged).toEqual({ positive: 3, negative: 2 });
  });

  it('the current rules reproduce the stages the live engine holds', () => {
    const live = fx.h.db.prepare('SELECT email, stage FROM leads ORDER BY id').all() as { email: string; stage: string }[];
    expect(live.map((l) => l.stage)).toEqual(['sql', 'mql', 'sql', 'sql', 'near_sql', 'lead']);
    expect(report.current.counts).toEqual({ lead: 1, mql: 1, near_sql: 1, sql: 3 });
  });

  it('stage counts now under the proposed rules', () => {
    // l1 near_sql (won, frozen), l2 lead, l3 lead (lost), l4 sql, l5 mql, l6 sql (won).
    expect(report.proposed.counts).toEqual({ lead: 2, mql: 1, near_sql: 1, sql: 2 });
  });

  it('alerts per ISO week: upward crossings into SQL', () => {
    // current: l3 day 1 (Fri, W10), l1 day 3 (Sun, W10), l4 day 5 (Tue, W11); proposed: l6 day 3, l4 day 5.
    expect(report.current.alertsPerWeek).toEqual({ '2025-W10': 2, '2025-W11': 1 });
    expect(report.proposed.alertsPerWeek).toEqual({ '2025-W10': 1, '2025-W11': 1 });
    expect([report.current.alerts, report.proposed.alerts]).toEqual([3, 2]);
  });

  it('precision and recall of SQL against the dispositions', () => {
    // current flags l1 (+), l3 (−), l4 (+) and misses l6 (+); l2 (−) rightly not.
    expect(report.current.confusion).toEqual({ truePositive: 2, falsePositive: 1, falseNegative: 1, trueNegative: 1 });
    expect(report.current.precision).toBeCloseTo(2 / 3, 10);
    expect(report.current.recall).toBeCloseTo(2 / 3, 10);
    // proposed flags l4 (+), l6 (+) and misses l1 (+); l2, l3 (−) rightly not.
    expect(report.proposed.confusion).toEqual({ truePositive: 2, falsePositive: 0, falseNegative: 1, trueNegative: 2 });
    expect(report.proposed.precision).toBe(1);
    expect(report.proposed.recall).toBeCloseTo(2 / 3, 10);
  });

  it('MQL→SQL and SQL→won rates under each rule set', () => {
    expect(report.current.mqlToSql).toBeCloseTo(3 / 5, 10); // MQL ever: l1-l5; SQL: l1, l3, l4
    expect(report.current.sqlToWon).toBeCloseTo(1 / 3, 10); // won: l1
    expect(report.proposed.mqlToSql).toBeCloseTo(2 / 5, 10); // MQL ever: l1, l3-l6; SQL: l4, l6
    expect(report.proposed.sqlToWon).toBeCloseTo(1 / 2, 10); // won: l6
  });

  it('which leads change band: biggest moves first, then by lead', () => {
    expect(report.bandChangesTotal).toBe(5);
    expect(report.bandChanges.map((c) => [c.email, c.from, c.to, c.disposition])).toEqual([
      ['l3@gamma.io', 'sql', 'lead', 'lost'],
      ['l6@zeta.io', 'lead', 'sql', 'won'],
      ['l1@acme.io', 'sql', 'near_sql', 'won'],
      ['l2@beta.io', 'mql', 'lead', 'rejected'],
      ['l5@eps.io', 'near_sql', 'mql', null],
    ]);
  });

  it('rule lift: judged leads each rule scored, against the base rate of 3 positive in 5', () => {
    for (const set of [report.current, report.proposed]) {
      expect(lift(set, 'pricing')).toMatchObject({ leads: 4, positive: 3, negative: 1, positiveRate: 0.75 });
      expect(lift(set, 'pricing')!.lift).toBeCloseTo(1.25, 10);
      expect(lift(set, 'demo')).toMatchObject({ leads: 4, positive: 2, negative: 1 });
      expect(lift(set, 'demo')!.lift).toBeCloseTo(2 / 3 / 0.6, 10);
      expect(lift(set, 'careers')).toMatchObject({ leads: 2, positive: 0, negative: 2, positiveRate: 0, lift: 0 });
      expect(lift(set, 'budget-fit')).toMatchObject({ leads: 4, positive: 3, negative: 1, positiveRate: 0.75 });
    }
    expect(lift(report.current, 'webinar')).toBeUndefined();
    expect(lift(report.proposed, 'webinar')).toMatchObject({ leads: 2, positive: 2, negative: 0, positiveRate: 1 });
    expect(lift(report.proposed, 'webinar')!.lift).toBeCloseTo(1 / 0.6, 10);
  });
});

describe('a backtest leaves live state untouched', () => {
  it('every table is the same before and after', async () => {
    const before = dumpDatabase(fx.h.db);
    const source = openSource(fx.dbPath);
    try {
      await runBacktest({
        source,
        current: compileRules(scoringSchema.parse(CURRENT)),
        proposed: compileRules(scoringSchema.parse(PROPOSED)),
        now: NOW + 30 * DAY,
      });
    } finally {
      await source.close();
    }
    expect(dumpDatabase(fx.h.db)).toEqual(before);
    expect(Object.keys(before)).toEqual(
      expect.arrayContaining(['events', 'leads', 'lead_state', 'lead_history', 'lead_actions', 'identity_links']),
    );
    expect(before.leads!.length).toBe(6);
  });

  it('sees one snapshot: events written while it runs are not in it', async () => {
    const source = openSource(fx.dbPath);
    try {
      const first = (await source.leads(0, 1))[0]!;
      await fx.h.writer.write([events.view('v1', T0 + 7 * DAY, '/pricing', 'pricing')]);
      expect((await source.leads(0, 1))[0]!.events.length).toBe(first.events.length);
    } finally {
      await source.close();
    }
  });
});

describe('a backtest in worker threads', () => {
  it('reports exactly what the backtest in process reports, for 1 to 3 workers and blocks of 1 to 4 leads', async () => {
    const rules = { current: scoringSchema.parse(CURRENT), proposed: scoringSchema.parse(PROPOSED) };
    // In process again here: a test above adds an event to the fixture after the first report.
    const here = openSource(fx.dbPath);
    const {
      ms: _ms,
      workers: _w,
      ...inProcess
    } = await runBacktest({
      source: here,
      current: compileRules(rules.current),
      proposed: compileRules(rules.proposed),
      now: NOW,
    }).finally(() => here.close());
    for (const parts of [1, 2, 3])
      for (const chunkLeads of [1, 2, 4]) {
        const source = openSource(fx.dbPath);
        const leadsDone: number[] = [];
        try {
          const { ms, workers, ...inWorkers } = await runBacktest({
            source,
            current: compileRules(rules.current),
            proposed: compileRules(rules.proposed),
            now: NOW,
            inWorkers: replayInWorkers(fx.dbPath, rules, parts, chunkLeads),
            onProgress: (p) => leadsDone.push(p.leadsDone),
          });
          expect(workers).toBe(parts);
          expect(ms).toBeGreaterThanOrEqual(0);
          expect(inWorkers).toEqual(inProcess);
          // Progress per chunk a worker posts, up to every lead.
          expect(leadsDone.length).toBe(Math.ceil(6 / chunkLeads));
          expect(leadsDone.at(-1)).toBe(6);
        } finally {
          await source.close();
        }
      }
  }, 60_000);

  it('fails with the worker’s own message when the file cannot be opened', async () => {
    const source = openSource(fx.dbPath);
    try {
      const rules = { current: scoringSchema.parse(CURRENT), proposed: scoringSchema.parse(PROPOSED) };
      await expect(
        runBacktest({
          source,
          current: compileRules(rules.current),
          proposed: compileRules(rules.proposed),
          now: NOW,
          inWorkers: replayInWorkers(`${fx.dbPath}.missing`, rules, 2),
        }),
      ).rejects.toThrow(/SqliteError: unable to open database file/);
    } finally {
      await source.close();
    }
  }, 60_000);
});
