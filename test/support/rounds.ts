import type { Kindling } from '../../collector/kindling.js';
import type { DigestDeps } from '../../collector/routing/digest.js';
import type { FollowUpDeps } from '../../collector/routing/follow-up.js';

/** A collector's parts for calling a routing round (follow-up, digest) directly, on a clock `time.offset` ahead. */
export const roundDeps = (k: Kindling, time: { offset: number }): FollowUpDeps & DigestDeps => ({
  config: k.config,
  writer: k.writer,
  reads: k.reads,
  rules: () => k.engine.rules,
  fleet: k.store.fleet,
  clock: () => Date.now() + time.offset,
  wake: () => k.alerts.sender.wake(),
  log: () => {},
});
