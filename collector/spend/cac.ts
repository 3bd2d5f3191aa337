import type { KpiLeadRow } from '../store/port/kpis.js';
import type { SpendRow } from '../store/port/spend.js';
import { ATTRIBUTIONS, type Attribution } from '../kpis/attribution.js';
import { channelOf } from '../kpis/channels.js';
import { stageCounts } from '../kpis/funnel-period.js';
import type { Mode, Range } from '../kpis/period.js';

/** `YYYY-MM` → its first instant and the next month's (UTC). */
export function monthRange(month: string): Range {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { from: Date.UTC(y, m - 1, 1), to: Date.UTC(y, m, 1) };
}
export const monthOf = (ms: number) => new Date(ms).toISOString().slice(0, 7);

/** The share of a month's spend that falls inside the period: the overlap in time ÷ the month's length. */
export function shareInRange(month: string, range: Range): number {
  const m = monthRange(month);
  const overlap = Math.min(m.to, range.to) - Math.max(m.from, range.from);
  return overlap > 0 ? overlap / (m.to - m.from) : 0;
}

/** One line of the CAC table: spend in the currency (2 decimals) and cost per MQL, SQL and won customer. */
export interface CacRow {
  name: string;
  currency: string;
  spend: number;
  mql: number;
  sql: number;
  won: number;
  /** null when there is nothing to divide by (shown as "—", never Infinity). */
  perMql: number | null;
  perSql: number | null;
  perWon: number | null;
}

const per = (spend: number, n: number) => (n > 0 ? Math.round((spend / n) * 100) / 100 : null);
const norm = (s: string | null) => (s ?? '').trim().toLowerCase();

/** Spend (in cents, pro-rated) per group name and currency. */
function spendBy(rows: readonly SpendRow[], range: Range, key: (r: SpendRow) => string): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const name = key(r);
    const share = shareInRange(r.month, range);
    if (!name || share === 0) continue;
    const byCurrency = out.get(name) ?? out.set(name, new Map()).get(name)!;
    byCurrency.set(r.currency, (byCurrency.get(r.currency) ?? 0) + r.amount_cents * share);
  }
  return out;
}

function table(
  spend: Map<string, Map<string, number>>,
  leads: readonly KpiLeadRow[],
  groupOf: (r: KpiLeadRow) => string,
  mode: Mode,
  range: Range,
): CacRow[] {
  const out: CacRow[] = [];
  for (const [name, byCurrency] of spend) {
    const { counts } = stageCounts(
      leads.filter((l) => groupOf(l) === name),
      mode,
      range,
    );
    for (const [currency, cents] of byCurrency) {
      const amount = Math.round(cents) / 100;
      out.push({ name, currency, spend: amount, mql: counts.mql, sql: counts.sql, won: counts.won, ...costs(amount, counts) });
    }
  }
  return out.sort((a, b) => b.spend - a.spend || (a.name < b.name ? -1 : 1) || (a.currency < b.currency ? -1 : 1));
}

const costs = (amount: number, c: { mql: number; sql: number; won: number }) => ({
  perMql: per(amount, c.mql),
  perSql: per(amount, c.sql),
  perWon: per(amount, c.won),
});

/**
 * Customer acquisition cost of a period (issue 17.6). Spend: each month's amount times the share
 * of the month inside the period. Counts: the period funnel's MQLs, SQLs and won leads in the same
 * reading (activity or cohort), attributed to a channel or campaign by first touch (HubSpot's
 * "original source") and by last touch (the converting session). `total` is blended: all spend of
 * a currency over all the period's leads, whatever their channel.
 */
export function cacTables(spend: readonly SpendRow[], leads: readonly KpiLeadRow[], mode: Mode, range: Range) {
  const byChannel = spendBy(spend, range, (r) => r.channel);
  const byCampaign = spendBy(spend, range, (r) => norm(r.campaign));
  const perAttribution = (a: Attribution) => {
    const touch = ATTRIBUTIONS[a];
    return {
      channels: table(byChannel, leads, (l) => channelOf(touch(l)), mode, range),
      campaigns: table(byCampaign, leads, (l) => norm(touch(l)?.campaign ?? null), mode, range),
    };
  };
  const all = '(all)';
  return {
    firstTouch: perAttribution('firstTouch'),
    lastTouch: perAttribution('lastTouch'),
    total: table(
      spendBy(spend, range, () => all),
      leads,
      () => all,
      mode,
      range,
    ),
  };
}
