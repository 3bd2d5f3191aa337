import type { Kindling } from '../../collector/kindling.js';

export interface FunnelSummary {
  counts: Record<string, number>;
  rates: { mqlToSql: number | null; sqlToWon: number | null };
  medians: { leadToMqlMs: number | null; mqlToSqlMs: number | null };
}

/** Leads per stage and disposition, conversion rates and median times, from the funnel API. */
export async function funnelSummary(kindling: Pick<Kindling, 'app' | 'adminToken'>): Promise<FunnelSummary | null> {
  const res = await kindling.app.request('/api/funnel', { headers: { authorization: `Bearer ${kindling.adminToken}` } });
  return res.ok ? ((await res.json()) as FunnelSummary) : null;
}
