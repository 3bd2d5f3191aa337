import { z } from 'zod';
import { engagementRuleSchema, fitRuleSchema, bantSchema, checkUniqueRuleIds } from './rules/schema.js';
import { DEFAULT_ENGAGEMENT_RULES, DEFAULT_FIT_RULES, DEFAULT_BANT } from './rules/defaults.js';
import { stagesSchema } from './stages/settings.js';

/**
 * `scoring`: rules, decay and stages. A list given here replaces the default list of the same
 * kind entirely (engagementRules, fitRules, bant); everything else has a default.
 */
export const scoringSchema = z
  .strictObject({
    /** Engagement halves every this many days (one half-life for all leads keeps ranking cheap). */
    halfLifeDays: z.number().min(1).max(3650).default(30),
    engagementRules: z
      .array(engagementRuleSchema)
      .max(200)
      .prefault(() => structuredClone(DEFAULT_ENGAGEMENT_RULES)),
    fitRules: z
      .array(fitRuleSchema)
      .max(200)
      .prefault(() => structuredClone(DEFAULT_FIT_RULES)),
    bant: bantSchema.prefault(() => structuredClone(DEFAULT_BANT)),
    stages: stagesSchema,
    /** Fit grades shown beside scores: A from `a` fit points, B from `b`, C from `c`, D below. */
    fitGrades: z
      .strictObject({ a: z.number().default(30), b: z.number().default(15), c: z.number().default(0) })
      .refine((g) => g.a >= g.b && g.b >= g.c, 'grades must be ordered: a >= b >= c')
      .prefault({}),
    /** How many reasons an alert and the lead list carry. */
    topReasons: z.number().int().min(1).max(10).default(3),
    /** How often the sweep applies decay (stage falls, expiring intent) without new events. */
    sweepIntervalSeconds: z.number().int().min(1).max(86400).default(60),
  })
  .superRefine((s, ctx) => {
    const duplicate = checkUniqueRuleIds([...s.engagementRules.map((r) => r.id), ...s.fitRules.map((r) => r.id)]);
    if (duplicate)
      ctx.addIssue({
        code: 'custom',
        path: ['engagementRules'],
        message: `rule id "${duplicate}" is used twice (ids must be unique across engagement and fit rules)`,
      });
  })
  .prefault({});
export type ScoringConfig = z.infer<typeof scoringSchema>;
