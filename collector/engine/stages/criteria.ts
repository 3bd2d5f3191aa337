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

const HIGHEST_FIRST = ['sql', 'near_sql', 'mql'] as const;

/** The stage the metrics call for, holding the current stage (and those below it) with hysteresis. */
export function targetStage(current: Stage, m: Metrics, s: StageSettings): LeadStage {
  const held = stageRank(current);
  for (const stage of HIGHEST_FIRST) {
    const k = held >= stageRank(stage) ? 1 - s.hysteresis : 1;
    if (QUALIFIES[stage](m, s, k)) return stage;
  }
  return 'lead';
}

/**
 * The engagement levels at which a stage test used in `targetStage` can flip, as products
 * threshold × factor per stage held (the factor k of each test, see `targetStage`), so the decay
 * timers read them in place instead of building lists per search. Per held rank (lead, mql,
 * near_sql, sql), LEVELS_PER_STAGE numbers, in the order the search considers them:
 *   mql.score·k(mql), mql.minEngagement·k(mql), sql.engagement·k(near_sql),
 *   mql.score·k(near_sql), mql.minEngagement·k(near_sql), sql.engagement·k(sql).
 * The score levels are reached by engagement alone at score level − fit (fit is constant between steps).
 */
export const LEVELS_PER_STAGE = 6;
const LEAD_RANKS = LEAD_STAGES.length;
export interface StageThresholds {
  levels: Float64Array;
  /** BANT criteria needed for near_sql's intent test and for sql's (tests below them cannot pass). */
  nearSqlBant: number;
  sqlBant: number;
  /** The settings the products were computed from, compared on each lookup (see `stageThresholds`). */
  from: readonly number[];
}

const thresholdsBySettings = new WeakMap<StageSettings, StageThresholds>();

function thresholdInputs(s: StageSettings): number[] {
  return [s.hysteresis, s.mql.score, s.mql.minEngagement, s.sql.engagement, s.sql.minBant, s.nearSql.maxMissingBant];
}

/** True when the settings still hold the numbers the cached products were computed from. */
function computedFrom(t: StageThresholds, s: StageSettings): boolean {
  const f = t.from;
  return (
    f[0] === s.hysteresis &&
    f[1] === s.mql.score &&
    f[2] === s.mql.minEngagement &&
    f[3] === s.sql.engagement &&
    f[4] === s.sql.minBant &&
    f[5] === s.nearSql.maxMissingBant
  );
}

function computeThresholds(s: StageSettings): StageThresholds {
  const levels = new Float64Array(LEAD_RANKS * LEVELS_PER_STAGE);
  for (let held = 0; held < LEAD_RANKS; held++) {
    const k = (stage: LeadStage) => (held >= stageRank(stage) ? 1 - s.hysteresis : 1);
    const o = held * LEVELS_PER_STAGE;
    levels[o] = s.mql.score * k('mql');
    levels[o + 1] = s.mql.minEngagement * k('mql');
    levels[o + 2] = s.sql.engagement * k('near_sql');
    levels[o + 3] = s.mql.score * k('near_sql');
    levels[o + 4] = s.mql.minEngagement * k('near_sql');
    levels[o + 5] = s.sql.engagement * k('sql');
  }
  return { levels, nearSqlBant: s.sql.minBant - s.nearSql.maxMissingBant, sqlBant: s.sql.minBant, from: thresholdInputs(s) };
}

/**
 * The thresholds of these settings, computed once per settings object (one per rules version).
 * Settings are plain objects a caller could change in place, so each lookup checks the six numbers
 * they came from (six reads, no allocation) and recomputes when one differs: never stale.
 */
export function stageThresholds(s: StageSettings): StageThresholds {
  const known = thresholdsBySettings.get(s);
  if (known && computedFrom(known, s)) return known;
  const fresh = computeThresholds(s);
  thresholdsBySettings.set(s, fresh);
  return fresh;
}
