import type { ActivityRow } from '../store/port/accounts.js';

export const DAY_MS = 86_400_000;
export const dayOf = (ms: number) => Math.floor(ms / DAY_MS);

/** How far back an account's score and figures look. */
export const ACCOUNT_LOOKBACK_DAYS = 30;
/** The score sums this many members (the hottest): a big company's long tail of one-page visitors is not intent. */
export const TOP_MEMBERS = 5;

export interface MemberFigures {
  /** `lead:<id>`, or `browser:<site>/<visitor>` while anonymous. */
  member: string;
  leadId: number | null;
  site: string;
  visitorId: string;
  lastDay: number;
  views: number;
  pricingViews: number;
  downloads: number;
  forms: number;
  /** Decayed engagement points over the lookback. */
  points: number;
}

export interface AccountFigures {
  people: number;
  anonymous: number;
  /** Distinct people and anonymous browsers active within the surge window. */
  activeMembers: number;
  pricingViewsWeek: number;
  viewsWeek: number;
  downloadsWeek: number;
  score: number;
  firstDay: number | null;
  lastDay: number | null;
  members: MemberFigures[];
  /** "3 people, 11 pricing views this week, 2 anonymous browsers from its network". */
  summary: string;
}

const ZERO = { views: 0, pricingViews: 0, downloads: 0, forms: 0, points: 0 };
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The documented account rule (README "Accounts"): each member's engagement is the rules' points of
 * its events over the last 30 days, each day's points halved per scoring half-life of age; the
 * account's score is the sum of its 5 hottest members. Pure: the list, the account page and the
 * surge check all use it.
 */
export function accountFigures(
  rows: readonly ActivityRow[],
  today: number,
  options: { halfLifeDays: number; windowDays: number; network: boolean },
): AccountFigures {
  const byMember = new Map<string, MemberFigures>();
  let first: number | null = null;
  let last: number | null = null;
  const week = { pricing: 0, views: 0, downloads: 0 };
  for (const r of rows) {
    const key = r.lead_id ? `lead:${r.lead_id}` : `browser:${r.site}/${r.visitor_id}`;
    let m = byMember.get(key);
    if (!m) {
      m = { member: key, leadId: r.lead_id || null, site: r.site, visitorId: r.visitor_id, lastDay: r.day, ...ZERO };
      byMember.set(key, m);
    }
    m.lastDay = Math.max(m.lastDay, r.day);
    m.views += r.views;
    m.pricingViews += r.pricing_views;
    m.downloads += r.downloads;
    m.forms += r.forms;
    m.points += r.points * Math.pow(2, -(today - r.day) / options.halfLifeDays);
    first = first === null ? r.day : Math.min(first, r.day);
    last = last === null ? r.day : Math.max(last, r.day);
    if (today - r.day < 7) {
      week.pricing += r.pricing_views;
      week.views += r.views;
      week.downloads += r.downloads;
    }
  }
  const members = [...byMember.values()].sort((a, b) => b.points - a.points || a.member.localeCompare(b.member));
  for (const m of members) m.points = round1(m.points);
  const people = members.filter((m) => m.leadId !== null).length;
  const anonymous = members.length - people;
  const score = round1(
    members
      .slice(0, TOP_MEMBERS)
      .filter((m) => m.points > 0)
      .reduce((sum, m) => sum + m.points, 0),
  );
  const activeMembers = members.filter((m) => today - m.lastDay < options.windowDays).length;
  const parts = [
    people ? plural(people, 'person', 'people') : null,
    week.pricing ? `${plural(week.pricing, 'pricing view')} this week` : null,
    anonymous ? `${plural(anonymous, 'anonymous browser')}${options.network ? ' from its network' : ''}` : null,
  ].filter(Boolean);
  return {
    people,
    anonymous,
    activeMembers,
    pricingViewsWeek: week.pricing,
    viewsWeek: week.views,
    downloadsWeek: week.downloads,
    score,
    firstDay: first,
    lastDay: last,
    members,
    summary: parts.join(', ') || 'no recent activity',
  };
}

export type AccountStage = 'aware' | 'engaged' | 'surging';
export const ACCOUNT_STAGES: readonly AccountStage[] = ['aware', 'engaged', 'surging'];

/** Surging at either surge threshold; engaged from two active members or a third of the surge score. */
export function accountStage(
  f: Pick<AccountFigures, 'activeMembers' | 'score'>,
  t: { surgeMembers: number; surgeScore: number },
): AccountStage {
  if (f.activeMembers >= t.surgeMembers || f.score >= t.surgeScore) return 'surging';
  if (f.activeMembers >= 2 || f.score >= t.surgeScore / 3) return 'engaged';
  return 'aware';
}
