import type { Hono } from 'hono';
import { PERSONAS, type PersonaKey } from './personas.js';
import { createRandom, hashSeed } from './random.js';

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

export interface SalesStats {
  accepted: number;
  rejected: number;
  won: number;
  lost: number;
  /** SQLs answered after the dashboard's SLA (days late), and SQLs never answered. */
  late: number;
  missed: number;
}

type Disposition = 'accepted' | 'rejected' | 'won' | 'lost';

/**
 * How fast the desk answers a new SQL, as data: most within working hours, some after the SLA has
 * passed (they show as Overdue meanwhile), a few never. Delays in hours, [min, max].
 */
export const FOLLOW_UP = {
  prompt: { weight: 70, hours: [2, 30] },
  late: { weight: 20, hours: [3 * 24, 8 * 24] },
  missed: { weight: 10, hours: null },
} as const;
type FollowUp = keyof typeof FOLLOW_UP;

interface Case {
  id: number;
  decideAt: number;
  accept: boolean;
  closeAt: number;
  win: boolean;
  state: 'new' | 'accepted' | 'closed';
}

export interface SalesDeskOptions {
  app: Hono;
  adminToken: string;
  seed: number;
  personaByEmail: ReadonlyMap<string, PersonaKey>;
}

interface LeadRow {
  id: number;
  email: string;
  stage: string;
  disposition: string | null;
}

/**
 * Sales, simulated: at the end of each day it looks at the SQLs through the admin API, answers each
 * new one (accepted or rejected, by the persona's odds) as fast as FOLLOW_UP draws, and closes accepted ones
 * as won or lost 5–30 days later. Outcomes depend on the seed and the email only.
 */
export function createSalesDesk({ app, adminToken, seed, personaByEmail }: SalesDeskOptions) {
  const stats: SalesStats = { accepted: 0, rejected: 0, won: 0, lost: 0, late: 0, missed: 0 };
  const cases = new Map<number, Case>();
  const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };

  async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await app.request(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    if (!res.ok) throw new Error(`sales desk: ${method} ${path} → ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** Every SQL lead, page by page (the list API pages with a cursor). */
  async function sqlLeads(): Promise<LeadRow[]> {
    const all: LeadRow[] = [];
    for (let cursor: string | null = null; ;) {
      const page: { leads: LeadRow[]; nextCursor: string | null } = await api(
        'GET',
        `/api/leads?stage=sql&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      all.push(...page.leads);
      if (!page.nextCursor) return all;
      cursor = page.nextCursor;
    }
  }

  const dispose = (id: number, disposition: Disposition) =>
    api('POST', `/api/leads/${id}/disposition`, { disposition }).then(() => void stats[disposition]++);

  return {
    stats,
    async dayEnd(at: number): Promise<void> {
      for (const lead of await sqlLeads()) {
        const persona = personaByEmail.get(lead.email);
        if (!persona || lead.disposition || cases.has(lead.id)) continue;
        const rng = createRandom(hashSeed(seed, `sales:${lead.email}`));
        const speed = rng.weighted<FollowUp>(Object.fromEntries(Object.entries(FOLLOW_UP).map(([k, v]) => [k, v.weight])));
        const hours = FOLLOW_UP[speed].hours;
        const decideAt = hours ? at + rng.int(hours[0], hours[1]) * HOUR_MS : Infinity;
        if (speed !== 'prompt') stats[speed]++;
        const { accept, win } = PERSONAS[persona].outcome;
        cases.set(lead.id, {
          id: lead.id,
          decideAt,
          accept: rng.chance(accept),
          closeAt: decideAt + rng.int(5, 30) * DAY_MS,
          win: rng.chance(win),
          state: 'new',
        });
      }
      for (const c of cases.values()) {
        if (c.state === 'new' && c.decideAt <= at) {
          await dispose(c.id, c.accept ? 'accepted' : 'rejected');
          c.state = c.accept ? 'accepted' : 'closed';
        }
        if (c.state === 'accepted' && c.closeAt <= at) {
          await dispose(c.id, c.win ? 'won' : 'lost');
          c.state = 'closed';
        }
      }
    },
  };
}
