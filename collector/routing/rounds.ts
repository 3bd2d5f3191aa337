import type { CompiledRules } from '../engine/rules/compile.js';
import type { FleetJob, FleetLocks } from '../store/port/index.js';
import type { ApiReads } from '../store/port/reads.js';
import type { Writer } from '../writer/index.js';

/** What a periodic routing round (follow-up, digest) needs besides its config. */
export interface RoundDeps {
  writer: Pick<Writer, 'transact'>;
  reads: ApiReads;
  rules: () => CompiledRules;
  fleet: FleetLocks;
  clock: () => number;
  /** After messages were queued: the sender looks at the outbox. */
  wake: () => void;
  log: (msg: string) => void;
}

/**
 * Runs `round` every `intervalMs`, once per fleet (`fleet.runOnce(job)`), never two at once in this
 * process; a failed round is logged and the next one tries again. Returns the stopper.
 */
export function startFleetRounds(
  job: FleetJob,
  deps: Pick<RoundDeps, 'fleet' | 'log'>,
  round: () => Promise<unknown>,
  intervalMs: number,
): () => void {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = deps.fleet
      .runOnce(job, round)
      .catch((err: Error) => deps.log(`kindling: ${job} round failed: ${err.stack ?? err.message}`))
      .finally(() => (running = null));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
