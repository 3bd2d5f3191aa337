import { Hono } from 'hono';
import { z } from 'zod';
import type { Config } from '../config/index.js';
import { parseInput as parse } from '../http/validate.js';
import type { BacktestSource } from '../backtest/source.js';
import type { ApiReads } from '../store/port/reads.js';
import { quarterOf } from './quarter.js';
import { runReview } from './run.js';

const reviewQuery = z.strictObject({
  quarter: z
    .string()
    .regex(/^\d{4}Q[1-4]$/, 'a quarter as 2026Q3')
    .optional(),
});

export interface ReviewRoutesDeps {
  config: Pick<Config, 'scoring' | 'dashboard'>;
  reads: ApiReads;
  openBacktestSource: () => Promise<BacktestSource>;
  clock: () => number;
}

/** GET /api/review?quarter=2026Q3 (default: the current quarter): the quarterly review (review/compute.ts). */
export function reviewRoutes(deps: ReviewRoutesDeps): Hono {
  const app = new Hono();
  app.get('/api/review', async (c) => {
    const now = deps.clock();
    const quarter = parse(reviewQuery, c.req.query(), 'query').quarter ?? quarterOf(now);
    const review = await runReview(
      {
        reads: deps.reads,
        openSource: deps.openBacktestSource,
        scoring: deps.config.scoring,
        slaHours: deps.config.dashboard.slaHours,
        now,
      },
      quarter,
    );
    return c.json(review);
  });
  return app;
}
