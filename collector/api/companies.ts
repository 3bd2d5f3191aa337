import { round1 } from '../engine/scoring/reasons.js';
import { decodeCursor, encodeCursor } from './leads/cursor.js';
import { currentScore, toListItem, type LeadListItem, type ReadContext } from './leads/item.js';

export interface CompanyItem {
  domain: string;
  name: string;
  people: number;
  engagedPeople: number;
  totalScore: number;
  topScore: number;
  topLeads: { id: number; email: string; name: string | null; score: number; stage: string }[];
}

const TOP_LEADS = 3;

/** At most this many people in one company's listing, hottest first. */
export const MAX_COMPANY_PEOPLE = 1000;

/** GET /api/companies/:domain: the roll-up and every person of the company (hottest first), or null. */
export async function companyPeople(
  rc: ReadContext,
  domain: string,
): Promise<(Omit<CompanyItem, 'topLeads'> & { people: number; leads: LeadListItem[] }) | null> {
  const c = await rc.reads.company(domain.toLowerCase());
  if (!c) return null;
  const d = Math.pow(2, (rc.epoch - rc.now) / rc.rules.halfLifeMs);
  const leads = (await rc.reads.companyPeople(c.domain, d, MAX_COMPANY_PEOPLE)).map((row) => toListItem(rc, row));
  return {
    domain: c.domain,
    name: c.name,
    people: c.people,
    engagedPeople: c.engaged_people,
    totalScore: round1(c.sum_fit + c.sum_rank * d),
    topScore: leads[0]?.score ?? 0,
    leads,
  };
}

/** Companies by summed current score, with their hottest people. */
export async function listCompanies(
  rc: ReadContext,
  limit: number,
  cursorText: string | undefined,
): Promise<{ companies: CompanyItem[]; nextCursor: string | null }> {
  const cursor = decodeCursor(cursorText, 'offset');
  const at: ReadContext = cursor ? { ...rc, now: cursor.t } : rc;
  const d = Math.pow(2, (at.epoch - at.now) / at.rules.halfLifeMs);
  const offset = cursor?.offset ?? 0;
  const rows = await rc.reads.companies(d, limit + 1, offset);
  const tops = await Promise.all(rows.slice(0, limit).map((c) => rc.reads.companyPeople(c.domain, d, TOP_LEADS)));
  const companies = rows.slice(0, limit).map((c, i): CompanyItem => {
    const top = tops[i]!;
    return {
      domain: c.domain,
      name: c.name,
      people: c.people,
      engagedPeople: c.engaged_people,
      totalScore: round1(c.sum_fit + c.sum_rank * Math.pow(2, (rc.epoch - rc.now) / rc.rules.halfLifeMs)),
      topScore: top[0] ? round1(currentScore(rc, top[0]).score) : 0,
      topLeads: top.map((l) => ({ id: l.id, email: l.email, name: l.name, score: round1(currentScore(rc, l).score), stage: l.stage })),
    };
  });
  return { companies, nextCursor: rows.length > limit ? encodeCursor({ k: 'offset', t: at.now, offset: offset + limit }) : null };
}
