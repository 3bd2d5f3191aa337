import { Hono } from 'hono';
import { z } from 'zod';
import { parseInput as parse } from '../http/validate.js';
import { cursorPages, csvResponse } from '../csv/stream.js';
import { isoTime, type CsvColumn } from '../csv/format.js';
import { periodFunnel, periodQuery } from '../kpis/report.js';
import { listLeads } from './leads/list.js';
import { readContext, type LeadListItem } from './leads/item.js';
import { listCompanies, type CompanyItem } from './companies.js';
import { leadListFilters, type LeadRoutesDeps } from './engine-routes.js';

/** Rows per page read from the store while a download streams. */
const PAGE = 200;

export const LEAD_COLUMNS: readonly CsvColumn<LeadListItem>[] = [
  ['id', (l) => l.id],
  ['email', (l) => l.email],
  ['name', (l) => l.name],
  ['company', (l) => l.company],
  ['title', (l) => l.title],
  ['stage', (l) => l.stage],
  ['disposition', (l) => l.disposition],
  ['score', (l) => l.score],
  ['engagement', (l) => l.engagement],
  ['fit', (l) => l.fit],
  ['fit_grade', (l) => l.fitGrade],
  ['top_reason', (l) => l.topReason],
  ['last_seen_at', (l) => isoTime(l.lastSeenAt)],
  ['stage_changed_at', (l) => isoTime(l.stageChangedAt)],
  ['sql_since', (l) => isoTime(l.sqlSince)],
];

export const COMPANY_COLUMNS: readonly CsvColumn<CompanyItem>[] = [
  ['domain', (c) => c.domain],
  ['name', (c) => c.name],
  ['people', (c) => c.people],
  ['engaged_people', (c) => c.engagedPeople],
  ['total_score', (c) => c.totalScore],
  ['top_score', (c) => c.topScore],
  ['top_leads', (c) => c.topLeads.map((l) => l.email).join(' ')],
];

type Period = Awaited<ReturnType<typeof periodFunnel>>;
type Table = { columns: readonly CsvColumn<never>[]; rows: (p: Period) => unknown[] };
const table = <T>(columns: readonly CsvColumn<T>[], rows: (p: Period) => T[]): Table => ({ columns, rows }) as unknown as Table;
const channelRow = (attribution: string) => (c: Period['channels']['firstTouch'][number]) => ({ attribution, ...c });
type CacLine = Period['cac']['total'][number] & { attribution: string; kind: string };
const cacLines = (p: Period): CacLine[] => [
  ...(['firstTouch', 'lastTouch'] as const).flatMap((a) => {
    const attribution = a === 'firstTouch' ? 'first_touch' : 'last_touch';
    return [
      ...p.cac[a].channels.map((r) => ({ ...r, attribution, kind: 'channel' })),
      ...p.cac[a].campaigns.map((r) => ({ ...r, attribution, kind: 'campaign' })),
    ];
  }),
  ...p.cac.total.map((r) => ({ ...r, attribution: 'all', kind: 'total' })),
];
/** Won revenue in one cell, per currency and never converted: `EUR 1500; USD 20` (a win with no amount: `? 0`). */
const revenueCell = (revenue: readonly { currency: string | null; amount: number }[]) =>
  revenue.map((r) => `${r.currency ?? '?'} ${r.amount}`).join('; ');
/** A cost with nothing to divide by reads "—", never Infinity or NaN. */
const cost = (n: number | null) => n ?? '—';

/** The funnel page's tables, by name. */
export const FUNNEL_TABLES = {
  stages: table<[string, number | null]>(
    [
      ['metric', (r) => r[0]],
      ['value', (r) => r[1]],
    ],
    (p) => [...Object.entries(p.counts), ['mql_to_sql', p.rates.mqlToSql], ['sql_to_won', p.rates.sqlToWon]],
  ),
  times: table<[string, Period['times']['leadToMql']]>(
    [
      ['step', (r) => r[0]],
      ['n', (r) => r[1].n],
      ['median_ms', (r) => r[1].medianMs],
      ['p75_ms', (r) => r[1].p75Ms],
      ['already_past', (r) => r[1].alreadyPast],
    ],
    (p) => Object.entries(p.times),
  ),
  channels: table<ReturnType<ReturnType<typeof channelRow>>>(
    [
      ['attribution', (c) => c.attribution],
      ['channel', (c) => c.channel],
      ...(['lead', 'mql', 'sql', 'accepted', 'rejected', 'won', 'lost'] as const).map(
        (k) => [k, (c: ReturnType<ReturnType<typeof channelRow>>) => c.counts[k]] as const,
      ),
      ['mql_to_sql', (c) => c.rates.mqlToSql],
      ['sql_to_won', (c) => c.rates.sqlToWon],
      ['won_revenue', (c) => revenueCell(c.revenue)],
      ['sources', (c) => c.sources.map((s) => `${s.source}: ${s.leads}`).join('; ')],
    ],
    (p) => [...p.channels.firstTouch.map(channelRow('first_touch')), ...p.channels.lastTouch.map(channelRow('last_touch'))],
  ),
  trends: table<Period['trends']['points'][number]>(
    [
      ['from', (t) => isoTime(t.from)],
      ['to', (t) => isoTime(t.to)],
      ['mql', (t) => t.mql],
      ['sql', (t) => t.sql],
      ['won', (t) => t.won],
      ['mql_to_sql', (t) => t.mqlToSql],
      ['sql_to_won', (t) => t.sqlToWon],
      ['won_revenue', (t) => revenueCell(t.revenue)],
    ],
    (p) => p.trends.points,
  ),
  revenue: table<Period['revenue'][number]>(
    [
      ['currency', (r) => r.currency ?? ''],
      ['won', (r) => r.won],
      ['amount', (r) => r.amount],
    ],
    (p) => p.revenue,
  ),
  overdue: table<Period['sla']['overdue'][number]>(
    [
      ['id', (o) => o.id],
      ['email', (o) => o.email],
      ['owner', (o) => o.owner],
      ['sql_at', (o) => isoTime(o.sqlAt)],
      ['due_at', (o) => isoTime(o.dueAt)],
    ],
    (p) => p.sla.overdue,
  ),
  cac: table<CacLine>(
    [
      ['attribution', (r) => r.attribution],
      ['kind', (r) => r.kind],
      ['name', (r) => r.name],
      ['currency', (r) => r.currency],
      ['spend', (r) => r.spend],
      ['mql', (r) => r.mql],
      ['sql', (r) => r.sql],
      ['won', (r) => r.won],
      ['cost_per_mql', (r) => cost(r.perMql)],
      ['cost_per_sql', (r) => cost(r.perSql)],
      ['cost_per_won', (r) => cost(r.perWon)],
    ],
    cacLines,
  ),
};
const funnelCsvQuery = periodQuery.extend({ table: z.enum(Object.keys(FUNNEL_TABLES) as [keyof typeof FUNNEL_TABLES]).default('stages') });

async function* once<T>(rows: readonly T[]): AsyncGenerator<readonly T[]> {
  yield rows;
}

/** CSV downloads of the lead list (with its filters), the companies and the funnel's tables, streamed page by page. */
export function csvRoutes(deps: Pick<LeadRoutesDeps, 'reads' | 'engine' | 'clock' | 'config'>): Hono {
  const { reads, engine, clock } = deps;
  const app = new Hono();
  app.get('/api/leads.csv', async (c) => {
    const { limit: _limit, cursor: _cursor, ...filters } = leadListFilters(c);
    const rc = await readContext(reads, engine.rules, clock(), deps.config.dashboard.slaHours * 3_600_000);
    const pages = cursorPages(async (cursor) => {
      const page = await listLeads(rc, { ...filters, limit: PAGE, cursor });
      return { rows: page.leads, next: page.nextCursor };
    });
    return csvResponse('leads.csv', LEAD_COLUMNS, pages);
  });
  app.get('/api/companies.csv', async (c) => {
    parse(z.strictObject({}), c.req.query(), 'query');
    const rc = await readContext(reads, engine.rules, clock());
    const pages = cursorPages(async (cursor) => {
      const page = await listCompanies(rc, PAGE, cursor);
      return { rows: page.companies, next: page.nextCursor };
    });
    return csvResponse('companies.csv', COMPANY_COLUMNS, pages);
  });
  app.get('/api/funnel.csv', async (c) => {
    const { table: name, ...q } = parse(funnelCsvQuery, c.req.query(), 'query');
    const period = await periodFunnel(reads, q, { now: clock(), slaHours: deps.config.dashboard.slaHours });
    const t = FUNNEL_TABLES[name];
    return csvResponse(`funnel-${name}-${q.from}-${q.to}.csv`, t.columns, once(t.rows(period) as never[]));
  });
  return app;
}
