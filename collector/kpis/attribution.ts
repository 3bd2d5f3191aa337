import type { KpiLeadRow } from '../store/port/kpis.js';
import { channelOf, rawSource, type Channel, type Touch } from './channels.js';
import { stageCounts, type StageCounts } from './funnel-period.js';
import type { Mode, Range } from './period.js';

/**
 * First touch: the landing of the lead's earliest browser; when no visitor row is left (retention),
 * the source the engine stored on the lead. Last touch: the session that converted (identified
 * the lead); unknown once its event is gone.
 */
export const ATTRIBUTIONS = {
  firstTouch: (r: KpiLeadRow): Touch =>
    r.ft_at !== null
      ? { source: r.ft_source, medium: r.ft_medium, campaign: r.ft_campaign, referrer: r.ft_referrer }
      : { source: r.source === 'direct' ? null : r.source, medium: null, campaign: r.campaign, referrer: null },
  lastTouch: (r: KpiLeadRow): Touch | null =>
    r.lt_seq === null ? null : { source: r.lt_source, medium: r.lt_medium, campaign: r.lt_campaign, referrer: r.lt_referrer },
} as const;
export type Attribution = keyof typeof ATTRIBUTIONS;

export interface ChannelRow extends StageCounts {
  channel: Channel;
  /** The raw "source / medium" pairs grouped in this channel, by leads, most first. */
  sources: { source: string; leads: number }[];
}

const touched = (c: StageCounts) => Object.values(c.counts).some((n) => n > 0);

/** The period's funnel per channel under one attribution; channels with nothing in the period are left out. */
export function channelTable(rows: readonly KpiLeadRow[], mode: Mode, range: Range, attribution: Attribution): ChannelRow[] {
  const touchOf = ATTRIBUTIONS[attribution];
  const groups = new Map<Channel, KpiLeadRow[]>();
  for (const r of rows) {
    const channel = channelOf(touchOf(r));
    groups.set(channel, [...(groups.get(channel) ?? []), r]);
  }
  const out: ChannelRow[] = [];
  for (const [channel, members] of groups) {
    const counts = stageCounts(members, mode, range);
    if (!touched(counts)) continue;
    const sources = new Map<string, number>();
    for (const r of members) {
      if (!touched(stageCounts([r], mode, range))) continue;
      const raw = rawSource(touchOf(r));
      sources.set(raw, (sources.get(raw) ?? 0) + 1);
    }
    out.push({
      channel,
      ...counts,
      sources: [...sources]
        .map(([source, leads]) => ({ source, leads }))
        .sort((a, b) => b.leads - a.leads || (a.source < b.source ? -1 : 1)),
    });
  }
  const weight = (c: ChannelRow) => c.counts.lead + c.counts.mql + c.counts.sql;
  return out.sort((a, b) => weight(b) - weight(a) || (a.channel < b.channel ? -1 : 1));
}
