import type { Hono } from 'hono';
import { PERSONAS, type PersonaKey } from './personas.js';
import { createRandom, hashSeed } from './random.js';

const DAY_MS = 24 * 3600_000;

export interface CrmImportStats {
  quarter: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  unmatched: number;
}

export interface CrmImportOptions {
  app: Hono;
  adminToken: string;
  seed: number;
  personaByEmail: ReadonlyMap<string, PersonaKey>;
  /** The end of the simulated window: outcomes are dated in the calendar quarter before it. */
  now: number;
}

/** The calendar quarter before the one `now` falls in: its name (`2026Q2`) and [from, to) in ms. */
export function previousQuarter(now: number): { name: string; from: number; to: number } {
  const d = new Date(now);
  const q = Math.floor(d.getUTCMonth() / 3); // this quarter, 0-based
  const year = q === 0 ? d.getUTCFullYear() - 1 : d.getUTCFullYear();
  const prev = (q + 3) % 4;
  return { name: `${year}Q${prev + 1}`, from: Date.UTC(year, prev * 3, 1), to: Date.UTC(year, prev * 3 + 3, 1) };
}

/** What the CRM says of a lead that has a record there, by the persona's odds of being accepted and won. */
const OPEN_SHARE = 0.2;
const DISQUALIFIED_SHARE = 0.3;

/**
 * The simulated CRM: for every simulated lead with a CRM record (as likely as sales accepting its
 * persona), one deal dated inside the previous quarter — won (with an amount in USD), lost,
 * disqualified or still open — sent through the real `POST /api/outcomes` under an API key with
 * `outcomes:write`, 1,000 rows a request. Leads Kindling never flagged get outcomes too, as in a real
 * CRM, so the backtest's recall and the Review page have something to say. Depends on the seed and
 * the email only.
 */
export async function importCrmOutcomes({ app, adminToken, seed, personaByEmail, now }: CrmImportOptions): Promise<CrmImportStats> {
  const admin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const call = async <T>(path: string, headers: Record<string, string>, method = 'GET', body?: unknown): Promise<T> => {
    const res = await app.request(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    if (!res.ok) throw new Error(`simulated CRM: ${method} ${path} → ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const { secret } = await call<{ secret: string }>('/api/keys', admin, 'POST', { name: 'simulated CRM', scopes: ['outcomes:write'] });
  const quarter = previousQuarter(now);
  const rows: Record<string, unknown>[] = [];
  for (const [email, persona] of [...personaByEmail].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const rng = createRandom(hashSeed(seed, `crm:${email}`));
    const { accept, win } = PERSONAS[persona].outcome;
    if (!rng.chance(accept)) continue;
    const date = new Date(quarter.from + rng.int(0, Math.round((quarter.to - quarter.from) / DAY_MS) - 1) * DAY_MS)
      .toISOString()
      .slice(0, 10);
    const base = { crm: 'simulated', crmId: `SIM-${hashSeed(seed, email).toString(36)}`, email, date };
    if (rng.chance(win)) rows.push({ ...base, outcome: 'won', amount: rng.int(5, 60) * 1000, currency: 'USD' });
    else if (rng.chance(OPEN_SHARE)) rows.push({ ...base, outcome: 'opportunity' });
    else rows.push({ ...base, outcome: rng.chance(DISQUALIFIED_SHARE) ? 'disqualified' : 'lost' });
  }
  const stats: CrmImportStats = { quarter: quarter.name, rows: rows.length, created: 0, updated: 0, unchanged: 0, unmatched: 0 };
  const key = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
  for (let i = 0; i < rows.length; i += 1000) {
    const report = await call<{ created: number; updated: number; unchanged: number; unmatched: unknown[] }>('/api/outcomes', key, 'POST', {
      rows: rows.slice(i, i + 1000),
    });
    stats.created += report.created;
    stats.updated += report.updated;
    stats.unchanged += report.unchanged;
    stats.unmatched += report.unmatched.length;
  }
  return stats;
}
