import { z } from 'zod';

/** `writer`: how the one writer groups commits. */
export const writerSchema = z
  .strictObject({
    /** How long the writer gathers events before committing them in one transaction. */
    batchWindowMs: z.number().min(0).max(1000).default(2),
    /** Commit early once this many events are waiting. */
    maxBatchEvents: z.number().int().min(1).max(100000).default(2000),
  })
  .default({ batchWindowMs: 2, maxBatchEvents: 2000 });
