import type { Disposition } from '../../events/domain.js';
import type { LeadStage } from '../stages/criteria.js';
import type { Transition } from '../stages/machine.js';

/** The `leads` row. */
export interface LeadRow {
  id: number;
  email: string;
  name: string | null;
  title: string | null;
  company: string | null;
  company_domain: string | null;
  created_at: number;
  created_seq: number;
  first_seen_at: number | null;
  last_seen_at: number | null;
  first_touch_at: number | null;
  source: string;
  campaign: string | null;
  stage: LeadStage;
  disposition: Disposition | null;
  stage_changed_at: number;
  sql_since: number | null;
  first_mql_at: number | null;
  first_sql_at: number | null;
  fit: number;
  rank_key: number;
  top_engagement_reason: string | null;
  top_engagement_rank: number | null;
  top_fit_reason: string | null;
  top_fit_points: number | null;
  next_timer_at: number | null;
}

/** A lead's derived rows as stored, read by rescore to skip rewriting the ones that come out the same. */
export interface StoredProjection {
  /** The model's JSON, or null when the lead has no stored state. */
  model: string | null;
  history: { at: number; kind: string; from_value: string | null; to_value: string | null; cause: string; score: number }[];
  traits: Map<string, { value: string; set_at: number; evidence_seq: number | null }>;
}

export const sameHistory = (stored: StoredProjection['history'], transitions: readonly Transition[]) =>
  stored.length === transitions.length &&
  transitions.every((t, i) => {
    const h = stored[i]!;
    return (
      h.at === t.at && h.kind === t.kind && h.from_value === t.from && h.to_value === t.to && h.cause === t.cause && h.score === t.score
    );
  });

/** The lead row's columns a replay decides (what `deriveRow` sets, and the seen range): the rescore worker sends these. */
export const DERIVED_LEAD_COLUMNS = [
  'name',
  'title',
  'company',
  'stage',
  'disposition',
  'stage_changed_at',
  'sql_since',
  'first_mql_at',
  'first_sql_at',
  'fit',
  'rank_key',
  'top_engagement_reason',
  'top_engagement_rank',
  'top_fit_reason',
  'top_fit_points',
  'next_timer_at',
  'first_seen_at',
  'last_seen_at',
] as const satisfies readonly (keyof LeadRow)[];

/** The columns the projection writes (the rest are set once, at insert); both stores' `update` names only those that changed. */
export const UPDATABLE_LEAD_COLUMNS = [
  ...DERIVED_LEAD_COLUMNS,
  'first_touch_at',
  'source',
  'campaign',
] as const satisfies readonly (keyof LeadRow)[];
