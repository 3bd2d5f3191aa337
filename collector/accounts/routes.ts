import { Hono } from 'hono';
import { z } from 'zod';
import { notFound } from '../errors.js';
import { parseInput as parse } from '../http/validate.js';
import type { ApiReads } from '../store/port/reads.js';
import { ACCOUNT_STAGES } from './figures.js';
import type { SurgeSettings } from './surge.js';
import { accountDetail, listAccounts } from './views.js';

const listQuery = z.strictObject({
  stage: z.enum(ACCOUNT_STAGES as [string, ...string[]]).optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'a two-letter country code')
    .optional(),
  new: z.enum(['week']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
const accountKey = z.string().regex(/^(d:[a-z0-9.-]{1,253}|n:\d{1,10})$/, 'an account key: d:<domain> or n:<AS number>');

export interface AccountRoutesDeps {
  reads: ApiReads;
  clock: () => number;
  settings: SurgeSettings;
}

/** The accounts API (behind the app's /api/* guard): the ranked list and one account. */
export function accountRoutes(deps: AccountRoutesDeps): Hono {
  const app = new Hono();
  app.get('/api/accounts', async (c) => {
    const q = parse(listQuery, c.req.query(), 'query');
    return c.json(
      await listAccounts(deps.reads, deps.clock(), deps.settings, {
        stage: q.stage as (typeof ACCOUNT_STAGES)[number] | undefined,
        country: q.country,
        newThisWeek: q.new === 'week',
        limit: q.limit,
        offset: q.offset,
      }),
    );
  });
  app.get('/api/accounts/:key', async (c) => {
    const key = parse(accountKey, c.req.param('key'), 'account key');
    const detail = await accountDetail(deps.reads, deps.clock(), deps.settings, key);
    if (!detail) throw notFound(`no account ${key}`);
    return c.json(detail);
  });
  return app;
}
