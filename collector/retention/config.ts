import { z } from 'zod';

/** `retention`: how long raw events are kept. */
export const retentionSchema = z
  .strictObject({
    /** Delete raw events older than this many days; null keeps them forever (rescore needs them). */
    eventsDays: z.number().int().min(1).max(36500).nullable().default(null),
  })
  .default({ eventsDays: null });
