import type { DB } from '../db/index.js';
import type { LeadRow } from '../engine/projection/store.js';
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

function statements(db: DB) {
  return {
    // The summed score of a company is Σfit + Σrank_key·d: one expression over the roll-up table.
    page: db.prepare<
      { d: number; n: number; offset: number },
      { domain: string; name: string; people: number; engaged_people: number; sum_fit: number; sum_rank: number }
    >('SELECT * FROM companies ORDER BY sum_fit + sum_rank * @d DESC, domain LIMIT @n OFFSET @offset'),
    people: db.prepare<{ domain: string; d: number; n: number }, LeadRow>(
      'SELECT * FROM leads WHERE company_domain = @domain ORDER BY fit + rank_key * @d DESC, id LIMIT @n',
    ),
    one: db.prepare<[string], { domain: string; name: string; people: number; engaged_people: number; sum_fit: number; sum_rank: number }>(
      'SELECT * FROM companies WHERE domain = ?',
    ),
  };
}
const cache = new WeakMap<DB, ReturnType<typeof statements>>();

/** At most this many people in one company's listing, hottest first. */
export const MAX_COMPANY_PEOPLE = 1000;

/** GET /api/companies/:domain: the roll-up and every person of the company (hottest first), or null. */
export function companyPeople(
  rc: ReadContext,
  domain: string,
): (Omit<CompanyItem, 'topLeads'> & { people: number; leads: LeadListItem[] }) | null {
  const s = cache.get(rc.db) ?? cache.set(rc.db, statements(rc.db)).get(rc.db)!;
  const c = s.one.get(domain.toLowerCase());
  if (!c) return null;
  const d = Math.pow(2, (rc.epoch - rc.now) / rc.rules.halfLifeMs);
  const leads = s.people.all({ domain: c.domain, d, n: MAX_COMPANY_PEOPLE }).map((row) => toListItem(rc, row));
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
export function listCompanies(
  rc: ReadContext,
  limit: number,
  cursorText: string | undefined,
): { companies: CompanyItem[]; nextCursor: string | null } {
  const s = cache.get(rc.db) ?? cache.set(rc.db, statements(rc.db)).get(rc.db)!;
  const cursor = decodeCursor(cursorText, 'offset');
  const at: ReadContext = cursor ? { ...rc, now: cursor.t } : rc;
  const d = Math.pow(2, (at.epoch - at.now) / at.rules.halfLifeMs);
  const offset = cursor?.offset ?? 0;
  const rows = s.page.all({ d, n: limit + 1, offset });
  const companies = rows.slice(0, limit).map((c): CompanyItem => {
    const top = s.people.all({ domain: c.domain, d, n: TOP_LEADS });
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
