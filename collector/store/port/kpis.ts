/**
 * One lead's milestones and touches, as the KPI pages (period funnel, channels, times, SLA, trends)
 * read them. Times are epoch ms. The KPI modules aggregate these rows in plain TypeScript: every
 * figure is then the same on both stores, and medians need the single durations anyway.
 */
export interface KpiLeadRow {
  id: number;
  email: string;
  stage: string;
  disposition: string | null;
  created_at: number;
  first_mql_at: number | null;
  first_sql_at: number | null;
  /** When the current disposition was set (null without one): the CRM's date when a CRM import set it. */
  disposition_at: number | null;
  /** A won lead's deal amount and currency, when a CRM import said (else null). */
  won_amount: number | null;
  won_currency: string | null;
  /** The lead's owner (routing), by user id and name; null while unowned. */
  owner_id: number | null;
  owner_name: string | null;
  /** The first sales action (accept, reject, won, lost) at or after the first SQL; a CRM outcome at the CRM's date. */
  first_action_at: number | null;
  /** The lead's stored source and campaign (first touch, as the engine keeps it). */
  source: string;
  campaign: string | null;
  /** First touch: the landing of the lead's earliest browser; ft_at is null when no visitor row is left. */
  ft_at: number | null;
  ft_source: string | null;
  ft_medium: string | null;
  ft_referrer: string | null;
  ft_campaign: string | null;
  /** Last touch: the session that converted (the identifying event carries its landing); lt_seq null when that event is gone. */
  lt_seq: number | null;
  lt_source: string | null;
  lt_medium: string | null;
  lt_referrer: string | null;
  lt_campaign: string | null;
}

export interface KpiReads {
  /**
   * The leads with a milestone (created, first MQL, first SQL, current disposition) in [from, to),
   * plus every SQL still waiting for sales (the SLA's overdue list is about now), by id.
   */
  kpiLeads(from: number, to: number): Promise<KpiLeadRow[]>;
}
