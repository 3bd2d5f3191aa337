import type { Writer } from '../../writer/index.js';
import type { FleetLocks } from '../../store/port/index.js';
import { createUnit, type EngineCore } from '../projection/unit.js';
import { needsRebase, rankEpoch, rebaseRanks } from '../projection/rank.js';
import { DAY_MS } from '../rules/compile.js';

export interface SweepOptions {
  /**
   * Timers are applied up to now − lagMs, so an event received just before a sweep but written
   * just after it is still stepped before the timers it precedes (as a replay would).
   */
  lagMs?: number;
  /** Leads per transaction. */
  batchLeads?: number;
}

export interface SweepResult {
  leads: number;
  transitions: number;
}

/**
 * Decay without events: leads whose computed crossing time (decay below a fall threshold, an
 * intent window running out) has come are stepped to it, through the writer like any write, so
 * stage falls are stored, reported and re-arm alerts.
 */
export function createSweep(core: EngineCore, writer: Writer, options: SweepOptions = {}) {
  const lagMs = options.lagMs ?? 5000;
  const batchLeads = options.batchLeads ?? 500;
  let running: Promise<SweepResult> | null = null;

  async function run(): Promise<SweepResult> {
    const total: SweepResult = { leads: 0, transitions: 0 };
    for (;;) {
      const more = await writer.transact(async (ctx) => {
        const h = core.rules.halfLifeMs;
        if (needsRebase(await rankEpoch(ctx.settings, ctx.now), h, ctx.now))
          await rebaseRanks(ctx, Math.floor(ctx.now / DAY_MS) * DAY_MS, h);
        const to = ctx.now - lagMs;
        const ids = await ctx.leads.dueTimers(to, batchLeads);
        await ctx.leads.lock(ids);
        const unit = await createUnit(core, ctx);
        for (const id of ids) {
          const w = await unit.open(id);
          if (!w) continue;
          const before = w.transitions.length;
          unit.advance(w, to);
          total.transitions += w.transitions.length - before;
        }
        total.leads += (await unit.flush()).length;
        return ids.length === batchLeads;
      });
      if (!more) return total;
    }
  }

  return {
    /** One pass now (tests drive time with their clock and call this). */
    sweep(): Promise<SweepResult> {
      running ??= run().finally(() => {
        running = null;
      });
      return running;
    },
    /**
     * Sweeps every intervalMs until the returned stop function is called: once per fleet, on
     * whichever collector holds the 'sweep' job when the round comes (the others skip the round).
     */
    start(intervalMs: number, log: (msg: string) => void, fleet: FleetLocks): () => void {
      const handle = setInterval(() => {
        fleet.runOnce('sweep', () => this.sweep()).catch((err: unknown) => log(`kindling: sweep failed: ${(err as Error).stack ?? err}`));
      }, intervalMs);
      handle.unref();
      return () => clearInterval(handle);
    },
  };
}
export type Sweep = ReturnType<typeof createSweep>;
