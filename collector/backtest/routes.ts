import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from '../app.js';
import { requireAdmin } from '../api/auth.js';
import { compileRules } from '../engine/rules/compile.js';
import { badRequest, conflict, payloadTooLarge } from '../errors.js';
import { parseProposedRules } from './rules.js';
import { openSource } from './source.js';
import { runBacktest, type BacktestReport } from './run.js';

const MAX_BODY_BYTES = 256 * 1024;

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

/**
 * POST /api/backtest — body: proposed rules (the shape of the config's `scoring`). Replays the
 * event log under them and the current rules, on a read-only snapshot, and answers the report.
 * One at a time (409 otherwise): a backtest replays every lead twice and the machine is shared.
 */
export function backtestRoutes(
  deps: Pick<AppDeps, 'config' | 'db' | 'adminToken' | 'clock' | 'sessionCheck'>,
  // Guarded on its own too (the token, or a dashboard session), so it is safe mounted anywhere.
  guard = requireAdmin(deps.adminToken, deps.sessionCheck),
): Hono {
  const { config, db, clock } = deps;
  const current = compileRules(config.scoring);
  let running = false;
  const app = new Hono();
  app.use('/api/backtest', guard);
  app.post(
    '/api/backtest',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw payloadTooLarge(MAX_BODY_BYTES);
      },
    }),
    async (c) => {
      let body: unknown;
      try {
        body = JSON.parse((await c.req.text()) || '{}');
      } catch {
        throw badRequest('body is not valid JSON');
      }
      const { rules: proposed } = parseProposedRules(body);
      if (running) throw conflict('a backtest is already running; try again when it is done');
      running = true;
      const source = openSource(config.dbPath, db);
      try {
        const report = await runBacktest({ source, current, proposed, now: clock() });
        return c.json(roundReport(report));
      } finally {
        source.close();
        running = false;
      }
    },
  );
  return app;
}
