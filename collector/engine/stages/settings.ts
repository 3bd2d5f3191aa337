import { z } from 'zod';

/**
 * Stage thresholds and SQL criteria. Scores: engagement decays, fit does not, score = both.
 *   mql      score >= mql.score AND engagement >= mql.minEngagement
 *   sql      intent AND at least sql.minBant of the four BANT criteria, where intent is a high-intent
 *            action within sql.intentWindowDays OR engagement >= sql.engagement
 *   near_sql not sql, and either intent with at most nearSql.maxMissingBant BANT criteria missing,
 *            or mql with enough BANT but no intent yet
 * Hysteresis: a stage that is held keeps holding until its numbers fall below threshold × (1 − hysteresis).
 */
export const stagesSchema = z
  .strictObject({
    hysteresis: z.number().min(0).max(0.9).default(0.2),
    mql: z
      .strictObject({
        score: z.number().positive().max(100000).default(50),
        minEngagement: z.number().positive().max(100000).default(20),
      })
      .prefault({}),
    sql: z
      .strictObject({
        minBant: z.number().int().min(0).max(4).default(2),
        intentWindowDays: z.number().positive().max(3650).default(14),
        engagement: z.number().positive().max(100000).default(120),
      })
      .prefault({}),
    nearSql: z
      .strictObject({
        maxMissingBant: z.number().int().min(0).max(4).default(1),
      })
      .prefault({}),
  })
  .prefault({});
export type StageSettings = z.infer<typeof stagesSchema>;
