import { z } from 'zod';

// Placeholder until the engine issue (#5) fills in rules, decay and stage thresholds.
export const scoringSchema = z.looseObject({}).default({});
export type ScoringConfig = z.infer<typeof scoringSchema>;
