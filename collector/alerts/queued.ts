/**
 * Whether the writer's transactions queued outbox messages since the sender was last woken for
 * them. The commit listener wakes the sender only then: a stage change that no endpoint subscribes
 * to (or a collector with no endpoints) queues nothing, and its look at the outbox (a transaction
 * of its own after the commit) would find nothing new. Messages already waiting are the sender's
 * timer's; the other paths that queue (follow-ups, digests, test sends, redelivery) wake it
 * themselves. A transaction that queued and then rolled back leaves the mark set: the next commit
 * wakes the sender once for nothing, which is harmless; a queued message is never left unannounced.
 */
export interface QueuedSignal {
  /** Called by an in-transaction handler after it inserted an outbox message. */
  mark(): void;
  /** True once after any `mark`: the caller wakes the sender. */
  take(): boolean;
}

export function queuedSignal(): QueuedSignal {
  let queued = false;
  return {
    mark() {
      queued = true;
    },
    take() {
      const was = queued;
      queued = false;
      return was;
    },
  };
}
