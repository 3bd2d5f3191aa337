import type { Stage } from '../../events/domain.js';
import type { StageSettings } from './settings.js';

/** The lead stages, lowest first (a lead is never a visitor again). */
export const LEAD_STAGES = ['lead', 'mql', 'near_sql', 'sql'] as const;
export type LeadStage = (typeof LEAD_STAGES)[number];

export function stageRank(stage: Stage): number {
  return stage === 'visitor' ? -1 : LEAD_STAGES.indexOf(stage);
}

/** What the stage rules look at, as of one moment. */
export interface Metrics {
  engagement: number;
  fit: number;
  /** BANT criteria met (0-4). */
  bant: number;
  /** A high-intent action within the intent window. */
  intentAction: boolean;
  /** After a rejection only what happened since counts as intent: */
  rejected: boolean;
  engagementSince: number;
  intentActionSince: boolean;
}

/**
 * Policies as data: each stage's test, given the factor k its numeric thresholds are multiplied
 * by (1 to rise into the stage, 1 − hysteresis to stay in it).
 */
function intent(m: Metrics, s: StageSettings, k: number): boolean {
  return m.rejected
    ? m.intentActionSince || m.engagementSince >= s.sql.engagement * k
    : m.intentAction || m.engagement >= s.sql.engagement * k;
}
function mql(m: Metrics, s: StageSettings, k: number): boolean {
  return m.engagement + m.fit >= s.mql.score * k && m.engagement >= s.mql.minEngagement * k;
}
const QUALIFIES: Record<Exclude<LeadStage, 'lead'>, (m: Metrics, s: StageSettings, k: number) => boolean> = {
  sql: (m, s, k) => intent(m, s, k) && m.bant >= s.sql.minBant,
  near_sql: (m, s, k) =>
    (intent(m, s, k) && m.bant >= s.sql.minBant - s.nearSql.maxMissingBant) || (mql(m, s, k) && m.bant >= s.sql.minBant),
  mql,
};

/** The stage the metrics call for, holding the current stage (and those below it) with hysteresis. */
export function targetStage(current: Stage, m: Metrics, s: StageSettings): LeadStage {
  const held = stageRank(current);
  for (const stage of ['sql', 'near_sql', 'mql'] as const) {
    const k = held >= stageRank(stage) ? 1 - s.hysteresis : 1;
    if (QUALIFIES[stage](m, s, k)) return stage;
  }
  return 'lead';
}

/**
 * The engagement levels at which a stage test used in `targetStage` can flip, for the stage held
 * and the BANT count (constant between steps): the decay timers solve for the moment engagement
 * crosses one of them. Levels of tests that cannot pass (too few BANT criteria) are left out.
 */
export function engagementThresholds(s: StageSettings, held: Stage, fit: number, bant: number): { engagement: number[]; since: number[] } {
  const engagement: number[] = [];
  const since: number[] = [];
  const k = (stage: LeadStage) => (stageRank(held) >= stageRank(stage) ? 1 - s.hysteresis : 1);
  const mqlLevels = (f: number) => [s.mql.score * f - fit, s.mql.minEngagement * f];
  const intentLevels = (f: number) => {
    engagement.push(s.sql.engagement * f);
    since.push(s.sql.engagement * f);
  };
  engagement.push(...mqlLevels(k('mql')));
  if (bant >= s.sql.minBant - s.nearSql.maxMissingBant) intentLevels(k('near_sql'));
  if (bant >= s.sql.minBant) {
    engagement.push(...mqlLevels(k('near_sql')));
    intentLevels(k('sql'));
  }
  return { engagement, since };
}
