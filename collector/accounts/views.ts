import type { ApiReads } from '../store/port/reads.js';
import type { AccountRow, ActivityRow } from '../store/port/accounts.js';
import { ACCOUNT_LOOKBACK_DAYS, DAY_MS, accountFigures, accountStage, dayOf, type AccountFigures, type AccountStage } from './figures.js';
import type { SurgeSettings } from './surge.js';

export interface AccountItem {
  key: string;
  kind: AccountRow['kind'];
  name: string;
  domain: string | null;
  asn: number | null;
  country: string | null;
  /** How the company is known: the people's email domain, or the network visitors came from (weaker). */
  match: 'email domain' | 'network';
  stage: AccountStage;
  score: number;
  people: number;
  anonymous: number;
  activeMembers: number;
  pricingViewsWeek: number;
  summary: string;
  firstSeenAt: number | null;
  lastSeenAt: number | null;
  /** First activity within the last 7 days (of the 30 days looked at). */
  isNew: boolean;
  surgedAt: number | null;
}

export interface AccountQuery {
  stage?: AccountStage;
  country?: string;
  newThisWeek?: boolean;
  limit: number;
  offset: number;
}

function item(a: AccountRow, f: AccountFigures, today: number, s: SurgeSettings): AccountItem {
  return {
    key: a.key,
    kind: a.kind,
    name: a.name,
    domain: a.domain,
    asn: a.asn,
    country: a.country,
    match: a.kind === 'domain' ? 'email domain' : 'network',
    stage: accountStage(f, s),
    score: f.score,
    people: f.people,
    anonymous: f.anonymous,
    activeMembers: f.activeMembers,
    pricingViewsWeek: f.pricingViewsWeek,
    summary: f.summary,
    firstSeenAt: f.firstDay === null ? null : f.firstDay * DAY_MS,
    lastSeenAt: f.lastDay === null ? null : f.lastDay * DAY_MS,
    isNew: f.firstDay !== null && today - f.firstDay < 7,
    surgedAt: a.surged_at,
  };
}

const figuresOf = (rows: readonly ActivityRow[], a: AccountRow, today: number, s: SurgeSettings) =>
  accountFigures(rows, today, { halfLifeDays: s.halfLifeDays, windowDays: s.surgeWindowDays, network: a.kind === 'network' });

/** GET /api/accounts: every account active in the last 30 days, by score (then active members, key), filtered. */
export async function listAccounts(reads: ApiReads, now: number, s: SurgeSettings, q: AccountQuery) {
  const today = dayOf(now);
  const { accounts, activity } = await reads.accountsActive(today - ACCOUNT_LOOKBACK_DAYS);
  const rowsOf = new Map<string, ActivityRow[]>();
  for (const r of activity) (rowsOf.get(r.account_key) ?? rowsOf.set(r.account_key, []).get(r.account_key)!).push(r);
  const items = accounts
    .map((a) => item(a, figuresOf(rowsOf.get(a.key) ?? [], a, today, s), today, s))
    .filter((i) => (!q.stage || i.stage === q.stage) && (!q.country || i.country === q.country) && (!q.newThisWeek || i.isNew))
    .sort((a, b) => b.score - a.score || b.activeMembers - a.activeMembers || (a.key < b.key ? -1 : 1));
  const countries = [...new Set(items.map((i) => i.country).filter((c): c is string => c !== null))].sort();
  const page = items.slice(q.offset, q.offset + q.limit);
  return { accounts: page, total: items.length, countries, nextOffset: q.offset + q.limit < items.length ? q.offset + q.limit : null };
}

/** GET /api/accounts/:key: figures, people (with names), anonymous browsers, daily history. */
export async function accountDetail(reads: ApiReads, now: number, s: SurgeSettings, key: string) {
  const a = await reads.account(key);
  if (!a) return null;
  const today = dayOf(now);
  const rows = await reads.accountActivity(key, today - ACCOUNT_LOOKBACK_DAYS);
  const f = figuresOf(rows, a, today, s);
  const leadIds = f.members.flatMap((m) => (m.leadId === null ? [] : [m.leadId]));
  const leads = new Map((await reads.leads(leadIds)).map((l) => [l.id, l]));
  const days = new Map<
    number,
    { day: number; views: number; pricingViews: number; downloads: number; points: number; members: Set<string> }
  >();
  for (const r of rows) {
    const d =
      days.get(r.day) ??
      days.set(r.day, { day: r.day, views: 0, pricingViews: 0, downloads: 0, points: 0, members: new Set() }).get(r.day)!;
    d.views += r.views;
    d.pricingViews += r.pricing_views;
    d.downloads += r.downloads;
    d.points += r.points;
    d.members.add(r.lead_id ? `lead:${r.lead_id}` : `browser:${r.site}/${r.visitor_id}`);
  }
  return {
    account: item(a, f, today, s),
    people: f.members
      .filter((m) => m.leadId !== null)
      .map((m) => {
        const l = leads.get(m.leadId!);
        return { ...m, email: l?.email ?? null, name: l?.name ?? null, title: l?.title ?? null, stage: l?.stage ?? null };
      }),
    anonymous: f.members.filter((m) => m.leadId === null),
    history: [...days.values()]
      .sort((x, y) => x.day - y.day)
      .map((d) => ({
        at: d.day * DAY_MS,
        views: d.views,
        pricingViews: d.pricingViews,
        downloads: d.downloads,
        points: d.points,
        members: d.members.size,
      })),
    rule: `score = the sum of the ${5} hottest members' engagement over ${ACCOUNT_LOOKBACK_DAYS} days (rule points, halved every ${s.halfLifeDays} days); surging at ${s.surgeMembers} people or browsers active within ${s.surgeWindowDays} days, or a score of ${s.surgeScore}`,
  };
}
