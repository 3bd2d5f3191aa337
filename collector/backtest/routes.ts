import { Hono } from 'hono';
import type { Config } from '../config/index.js';
import { compileRules } from '../engine/rules/compile.js';
import { conflict } from '../errors.js';
import { readJson } from '../http/body.js';
import { parseProposedRules } from './rules.js';
import type { BacktestSource } from './source.js';
import { runBacktest, type BacktestReport } from './run.js';
import { defaultWorkers } from '../worker-script/blocks.js';

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Scores to 1 decimal as everywhere in the API; rates and lifts to 4. */
export function roundReport(report: BacktestReport): BacktestReport {
  const rate = (n: number | null) => (n === null ? null : round(n, 4));
  const set = (r: BacktestReport['current']): BacktestReport['current'] => ({
    ...r,
    precision: rate(r.precision),
    recall: rate(r.recall),
    mqlToSql: rate(r.mqlToSql),
    sqlToWon: rate(r.sqlToWon),
    ruleLift: r.ruleLift.map((l) => ({ ...l, positiveRate: rate(l.positiveRate), lift: rate(l.lift) })),
  });
  return {
    ...report,
    current: set(report.current),
    proposed: set(report.proposed),
    bandChanges: report.bandChanges.map((c) => ({ ...c, scoreFrom: round(c.scoreFrom, 1), scoreTo: round(c.scoreTo, 1) })),
  };
}

export interface BacktestRoutesDeps {
  config: Pick<Config, 'scoring'>;
  /** Opens a read-only snapshot of the store (backtest/source.ts: SQLite file or PostgreSQL). */
  openBacktestSource: () => Promise<BacktestSource>;
  clock: () => number;
}

/**
 * POST /api/backtest — body: proposed rules (the shape of the config's `scoring`). Replays the
 * event log under them and the current rules, on a read-only snapshot, and answers the report.
 * One at a time (409 otherwise): a backtest replays every lead twice and the machine is shared.
 * The admin guard and the body cap are the app's, as for every /api/* route.
 */
export function backtestRoutes(deps: BacktestRoutesDeps): Hono {
  const { config, openBacktestSource, clock } = deps;
  const current = compileRules(config.scoring);
  let running = false;
  const app = new Hono();
  app.post('/api/backtest', async (c) => {
    // An empty body means "the default rules", like `{}`.
    const { config: proposedConfig, rules: proposed } = parseProposedRules(await readJson(c, { empty: {} }));
    if (running) throw conflict('a backtest is already running; try again when it is done');
    running = true;
    try {
      const source = await openBacktestSource();
      try {
        // In worker threads where the store allows it: ingest and the dashboard go on answering meanwhile.
        const inWorkers = source.inWorkers?.({ current: config.scoring, proposed: proposedConfig }, defaultWorkers());
        const report = await runBacktest({ source, current, proposed, now: clock(), inWorkers });
        return c.json(roundReport(report));
      } finally {
        await source.close();
      }
    } finally {
      running = false;
    }
  });
  return app;
}
