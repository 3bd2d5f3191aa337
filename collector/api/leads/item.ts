import type { Disposition, LeadSummary } from '../../events/domain.js';
import { leadSummary } from '../../engine/projection/summary.js';
import type { CompiledRules } from '../../engine/rules/compile.js';
import type { LeadStage } from '../../engine/stages/criteria.js';
import type { LeadRow } from '../../engine/projection/store.js';
import { engagementFromRank } from '../../engine/projection/rank.js';
import type { ApiReads } from '../../store/port/reads.js';
import { round1 } from '../../engine/scoring/reasons.js';

/** The API's LeadListItem (see brief/API.md). */
export interface LeadListItem {
  id: number;
  email: string;
  name: string | null;
  company: string | null;
  title: string | null;
  stage: LeadStage;
  disposition: Disposition | null;
  score: number;
  engagement: number;
  fit: number;
  fitGrade: 'A' | 'B' | 'C' | 'D';
  lastSeenAt: number | null;
  stageChangedAt: number;
  topReason: string | null;
  sqlSince: number | null;
  /** An SQL no one acted on (no disposition) within dashboard.slaHours: the follow-up deadline passed. */
  overdue: boolean;
  /** The owning user's id (routing); null when unowned. Present on lists and the lead page. */
  ownerId?: number | null;
}

/** What a read needs to turn stored rows into current numbers. */
export interface ReadContext {
  reads: ApiReads;
  rules: CompiledRules;
  now: number;
  epoch: number;
  /** The follow-up deadline (dashboard.slaHours), ms. */
  slaMs: number;
}

/** dashboard.slaHours' default, for reads made without a config (benches, tests). */
export const DEFAULT_SLA_MS = 48 * 3_600_000;

export async function readContext(reads: ApiReads, rules: CompiledRules, now: number, slaMs = DEFAULT_SLA_MS): Promise<ReadContext> {
  return { reads, rules, now, epoch: (await reads.rankEpoch()) ?? now, slaMs };
}

/** Overdue server-side, one rule for the field, the filter and the reminders: an SQL without a disposition past the deadline. */
export const isOverdue = (row: Pick<LeadRow, 'stage' | 'disposition' | 'sql_since'>, now: number, slaMs: number) =>
  row.stage === 'sql' && row.disposition === null && row.sql_since !== null && row.sql_since + slaMs <= now;

export function fitGrade(rules: CompiledRules, fit: number): LeadListItem['fitGrade'] {
  const g = rules.fitGrades;
  return fit >= g.a ? 'A' : fit >= g.b ? 'B' : fit >= g.c ? 'C' : 'D';
}

/** Current engagement and score of a stored row (decayed to rc.now). */
export function currentScore(rc: ReadContext, row: Pick<LeadRow, 'rank_key' | 'fit'>): { engagement: number; score: number } {
  const engagement = engagementFromRank(row.rank_key, rc.epoch, rc.rules.halfLifeMs, rc.now);
  return { engagement, score: engagement + row.fit };
}

/** The strongest positive reason now: the top engagement reason decays, the top fit reason does not. */
export function topReason(rc: ReadContext, row: LeadRow): string | null {
  const engagement =
    row.top_engagement_rank === null ? null : engagementFromRank(row.top_engagement_rank, rc.epoch, rc.rules.halfLifeMs, rc.now);
  if (row.top_engagement_reason !== null && engagement !== null && (row.top_fit_points === null || engagement > row.top_fit_points))
    return row.top_engagement_reason;
  return row.top_fit_reason;
}

export function toListItem(rc: ReadContext, row: LeadRow): LeadListItem {
  const { engagement, score } = currentScore(rc, row);
  return {
    ...(leadSummary(row, score) as LeadSummary & { stage: LeadStage }),
    engagement: round1(engagement),
    fitGrade: fitGrade(rc.rules, row.fit),
    lastSeenAt: row.last_seen_at,
    stageChangedAt: row.stage_changed_at,
    topReason: topReason(rc, row),
    sqlSince: row.sql_since,
    overdue: isOverdue(row, rc.now, rc.slaMs),
  };
}
