import { z } from 'zod';

/** `writer`: how the one writer groups commits. */
export const writerSchema = z
  .strictObject({
    /** How long the writer gathers events before committing them in one transaction. */
    batchWindowMs: z.number().min(0).max(1000).default(2),
    /** Commit early once this many events are waiting. */
    maxBatchEvents: z.number().int().min(1).max(100000).default(2000),
    /**
     * Store ingested events on a thread of their own with its own connection (SQLite files only;
     * PostgreSQL scales with collectors instead), so answering HTTP and committing run side by side.
     * Off by default: on two cores shared with the traffic it carried no more and cost ~15–20% more
     * CPU per event (BENCHMARKS.md, "The writer on its own thread"); with cores to spare it lifts the
     * one JavaScript thread's ceiling.
     */
    thread: z.boolean().default(false),
  })
  .default({ batchWindowMs: 2, maxBatchEvents: 2000, thread: false });
