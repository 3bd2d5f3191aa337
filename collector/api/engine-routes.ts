import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Config } from '../config/index.js';
import { badRequest, notFound } from '../errors.js';
import { principalOf } from './principal.js';
import { DISPOSITIONS } from '../events/domain.js';
import type { Engine } from '../engine/index.js';
import { LEAD_STAGES } from '../engine/stages/criteria.js';
import { ACTIONS } from '../engine/stages/machine.js';
import { jsonBody, parseInput as parse } from '../http/validate.js';
import { listLeads } from './leads/list.js';
import { leadDetail } from './leads/detail.js';
import { personExport } from './leads/export.js';
import { readContext, toListItem } from './leads/item.js';
import { companyPeople, listCompanies } from './companies.js';
import { funnel } from './funnel.js';
import { periodFunnel, periodQuery } from '../kpis/report.js';
import { rulesView, sitesView } from './settings-views.js';
import type { ApiReads } from '../store/port/reads.js';
import { actorFor } from './principal.js';
import type { Writer } from '../writer/index.js';
import { audit } from '../team/audit.js';

export const listQuery = z.strictObject({
  stage: z.enum([...LEAD_STAGES, ...DISPOSITIONS]).optional(),
  q: z.string().max(200).optional(),
  sort: z.enum(['score', 'lastSeen']).default('score'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  /** A user's id, or `me` for the signed-in user ("My leads"). */
  owner: z.union([z.literal('me'), z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)]).optional(),
  overdue: z.enum(['true', 'false']).optional(),
});
const pageQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(500).optional() });
const dispositionBody = z.strictObject({ disposition: z.enum(ACTIONS), note: z.string().max(2000).optional() });
const leadId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export interface LeadRoutesDeps {
  config: Pick<Config, 'scoring' | 'sites' | 'publicUrl' | 'dashboard'>;
  reads: ApiReads;
  /** The one engine of the composition root (its projection is attached to the writer). */
  engine: Pick<Engine, 'rules' | 'rulesChanged' | 'setDisposition' | 'erase' | 'rescore'>;
  clock: () => number;
  /** For the audit entry of a rescore (a rule change made effective). */
  writer: Pick<Writer, 'transact'>;
}

/**
 * The lead API (brief/API.md): leads, lead detail, dispositions, erasure, companies, funnel,
 * rules, rescore, sites. The admin guard in front of all /api/* is the app's (app.ts).
 */
/** The lead list's query with `owner=me` resolved to the signed-in user (the list and its CSV share it). */
export function leadListFilters(c: Context) {
  const { owner, overdue, ...query } = parse(listQuery, c.req.query(), 'query');
  const principal = principalOf(c);
  if (owner === 'me' && principal.kind !== 'user')
    throw badRequest('owner=me needs a signed-in user', [{ path: 'owner', message: 'not a user' }]);
  const ownerId = owner === 'me' ? (principal as { id: number }).id : owner;
  return { ...query, owner: ownerId, overdue: overdue === 'true' };
}

export function leadRoutes(deps: LeadRoutesDeps): Hono {
  const { reads, clock, engine } = deps;
  const rc = () => readContext(reads, engine.rules, clock(), deps.config.dashboard.slaHours * 3_600_000);
  const app = new Hono();

  app.get('/api/leads', async (c) => {
    return c.json(await listLeads(await rc(), leadListFilters(c)));
  });
  app.get('/api/leads/:id', async (c) => {
    const id = parse(leadId, c.req.param('id'), 'lead id');
    const detail = await leadDetail(await rc(), id);
    if (!detail) throw notFound(`no lead ${c.req.param('id')}`);
    return c.json(detail);
  });
  app.get('/api/leads/:id/export', async (c) => {
    const id = parse(leadId, c.req.param('id'), 'lead id');
    const person = await personExport(await rc(), id);
    if (!person) throw notFound(`no lead ${c.req.param('id')}`);
    c.header('content-disposition', `attachment; filename="lead-${id}.json"`);
    return c.json(person);
  });
  app.post('/api/leads/:id/disposition', jsonBody(dispositionBody), async (c) => {
    const id = parse(leadId, c.req.param('id'), 'lead id');
    const body = c.var.body;
    const row = await engine.setDisposition(id, body.disposition, body.note ?? null, actorFor(c));
    return c.json({ lead: toListItem(await rc(), row) });
  });
  app.post('/api/leads/:id/erase', async (c) => {
    await engine.erase(parse(leadId, c.req.param('id'), 'lead id'), actorFor(c));
    return c.json({ erased: true });
  });
  app.get('/api/companies', async (c) => {
    const q = parse(pageQuery, c.req.query(), 'query');
    return c.json(await listCompanies(await rc(), q.limit, q.cursor));
  });
  app.get('/api/companies/:domain', async (c) => {
    const domain = parse(z.string().min(1).max(253), c.req.param('domain'), 'domain');
    const company = await companyPeople(await rc(), domain);
    if (!company) throw notFound(`no company ${c.req.param('domain')}`);
    return c.json({ company });
  });
  // Without a period: the all-time funnel; with from and to: the period's KPIs (kpis/report.ts).
  app.get('/api/funnel', async (c) => {
    const query = c.req.query();
    if (!Object.keys(query).length) return c.json(funnel(await reads.funnel()));
    const q = parse(periodQuery, query, 'query');
    return c.json(await periodFunnel(reads, q, { now: clock(), slaHours: deps.config.dashboard.slaHours }));
  });
  app.get('/api/rules', (c) => c.json(rulesView(deps.config, engine)));
  app.post('/api/rescore', async (c) => {
    const { leads, events, stageChanges, ms } = await engine.rescore();
    await deps.writer.transact((tx) => audit(c, tx, 'rules.rescored', null, { leads, stageChanges }));
    return c.json({ leads, events, stageChanges, ms });
  });
  app.get('/api/sites', (c) => c.json(sitesView(deps.config)));
  return app;
}
