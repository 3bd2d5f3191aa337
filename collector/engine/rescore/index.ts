import type { Writer } from '../../writer/index.js';
import { createUnit, type EngineCore, type Unit, type Working } from '../projection/unit.js';
import type { ScoringConfig } from '../config.js';
import { applyReplayed } from './apply.js';
import { defaultWorkers } from '../../worker-script/blocks.js';
import { scanInWorkers } from './in-worker.js';
import { rebaseRanks } from '../projection/rank.js';
import { DAY_MS } from '../rules/compile.js';
import { createReplayer } from './fast-replay.js';
import type { LeadInputs } from './replay.js';
import type { LeadRow } from '../projection/store.js';

export const RULES_FINGERPRINT_KEY = 'engine.rules_fingerprint';

/**
 * Changed leads the main thread writes per writer transaction: ingest waits behind at most this
 * many (a first rescore after a rule change rewrites thousands), at one commit per slice.
 */
const APPLY_LEADS = 100;
/** Company roll-ups recomputed per writer transaction after the leads are written. */
const COMPANIES_PER_TRANSACTION = 500;

export interface RescoreProgress {
  leadsDone: number;
  leadsTotal: number;
  events: number;
}

export interface StageChange {
  leadId: number;
  email: string;
  from: string;
  to: string;
}

export interface RescoreResult {
  leads: number;
  events: number;
  stageChanges: number;
  changes: StageChange[];
  ms: number;
  /** True when the replay ran in a worker thread. */
  inWorker: boolean;
  /** How many worker threads replayed (0: in process). */
  workers: number;
  /** Changed leads that moved on (ingest, a sweep, sales) between the worker's snapshot and the write, or whose timer fell due meanwhile: replayed again here. */
  requeued: number;
  /** Events the accounts activity was rebuilt from after the leads; 0 when the engagement rules it was built under are unchanged. */
  accountEvents: number;
}

export interface RescoreOptions {
  /** Leads per writer transaction: ingest interleaves between chunks. */
  chunkLeads?: number;
  onProgress?: (p: RescoreProgress) => void;
  /** The accounts rebuild that follows the leads (when the engagement rules changed): the events read so far. */
  onAccountsProgress?: (events: number) => void;
  /** Timers are applied up to now − lagMs, as the sweep does. */
  lagMs?: number;
  /** Wall clock for measuring; defaults to performance.now. */
  timer?: () => number;
  /**
   * The rules as configured: with them and a SQLite file (`snapshotPath`) the replay runs in a
   * worker thread on a snapshot of its own, and only the leads that changed are written (on the
   * main thread, through the writer). Without them it runs here, chunk by chunk in the writer.
   */
  scoring?: ScoringConfig;
  snapshotPath?: string | null;
  /** Worker threads the leads are split across (default: one per core, at most 2). */
  workers?: number;
  /** Changed leads from the workers written per writer transaction (default APPLY_LEADS). */
  applyLeads?: number;
  /**
   * Where each lead's replay stops, given its stored row and the default (now − lagMs). The move's
   * check replays each lead only up to just before its own pending timer: leads are advanced at
   * different moments (an event steps its lead past a due timer; others wait for the sweep), so no
   * single moment reproduces every stored lead. Given, the replay runs in process (not the worker).
   */
  replayTo?: (row: LeadRow, to: number) => number;
}

/**
 * Recomputes every lead from the event log under the current rules: scores, stages and their
 * history, exactly as if these rules had always been in force. Identity links are facts, not
 * rules, and stay. Runs in chunks through the writer, so the collector keeps ingesting.
 */
export async function rescoreAll(core: EngineCore, writer: Writer, options: RescoreOptions = {}): Promise<RescoreResult> {
  const chunk = options.chunkLeads ?? 500;
  const lagMs = options.lagMs ?? 0;
  const timer = options.timer ?? (() => performance.now());
  const started = timer();
  const { rules } = core;
  const replayer = createReplayer(rules);
  const result: RescoreResult = {
    leads: 0,
    events: 0,
    stageChanges: 0,
    changes: [],
    ms: 0,
    inWorker: false,
    workers: 0,
    requeued: 0,
    accountEvents: 0,
  };
  /** Companies whose people the worker's changes touched: refreshed once each at the end. */
  const companies = new Set<string>();

  /** Replays one lead here, on what is stored now, into the unit. */
  function replayHere(unit: Unit, lead: LeadInputs, defaultTo: number): void {
    const { row, events, actions, stored } = lead;
    const to = options.replayTo ? options.replayTo(row, defaultTo) : defaultTo;
    const replayed = replayer.replay(row.email, events, actions, to);
    // A lead without stored state is left alone, as ingest never made one.
    if (stored.model === null || !replayed) return;
    const w = unit.replace(row, stored, replayed.model, replayed.transitions);
    w.row.first_seen_at = null;
    w.row.last_seen_at = null;
    unit.seen(w, events);
    noteChange(w);
  }
  function noteChange(w: Working): void {
    if (w.before!.stage !== w.model.machine.stage)
      result.changes.push({ leadId: w.row.id, email: w.row.email, from: w.before!.stage, to: w.model.machine.stage });
  }

  const { now, leadsTotal } = await writer.transact(async (ctx) => {
    await rebaseRanks(ctx, Math.floor(ctx.now / DAY_MS) * DAY_MS, rules.halfLifeMs);
    return { now: ctx.now, leadsTotal: await ctx.leads.count() };
  });
  if (options.scoring && options.snapshotPath && !options.replayTo) {
    result.inWorker = true;
    const scan = scanInWorkers(
      { dbPath: options.snapshotPath, scoring: options.scoring, to: now - lagMs, now, chunkLeads: chunk },
      options.workers ?? defaultWorkers(),
      async (scanned) => {
        result.leads += scanned.leads;
        result.events += scanned.events;
        const slice = options.applyLeads ?? APPLY_LEADS;
        for (let from = 0; from < scanned.changed.length; from += slice) {
          const changed = scanned.changed.slice(from, from + slice);
          await writer.transact(async (ctx) => {
            const stale = await applyReplayed(ctx, rules, changed, scanned.epoch, ctx.now - lagMs, companies, ({ row, fromStage }) => {
              if (fromStage !== row.stage) result.changes.push({ leadId: row.id, email: row.email, from: fromStage, to: row.stage });
            });
            if (!stale.length) return;
            result.requeued += stale.length;
            // Ingest, a sweep or sales moved these on since the worker's snapshot, or a timer of theirs fell due: replay what is stored now.
            const unit = await createUnit(core, ctx);
            for (const id of stale) {
              const [lead] = await ctx.leads.inputs(id - 1, 1);
              if (lead?.row.id === id) replayHere(unit, lead, ctx.now - lagMs);
            }
            await unit.flush();
          });
        }
        options.onProgress?.({ leadsDone: result.leads, leadsTotal, events: result.events });
      },
    );
    // The companies of every lead written are rolled up even when the scan fails midway (a worker
    // dies, a chunk fails): else their figures stay stale against their people.
    result.workers = await rollUpAfter(scan, companies, writer);
  } else {
    for (let after = 0; ;) {
      const done = await writer.transact(async (ctx) => {
        const batch = await ctx.leads.inputs(after, chunk);
        const unit = await createUnit(core, ctx);
        for (const lead of batch) {
          result.leads++;
          result.events += lead.events.length;
          replayHere(unit, lead, ctx.now - lagMs);
        }
        await unit.flush();
        if (batch.length) after = batch[batch.length - 1]!.row.id;
        return batch.length < chunk;
      });
      options.onProgress?.({ leadsDone: result.leads, leadsTotal, events: result.events });
      if (done) break;
    }
  }
  await writer.transact((ctx) => ctx.settings.set(RULES_FINGERPRINT_KEY, rules.fingerprint));
  result.stageChanges = result.changes.length;
  result.ms = Math.round(timer() - started);
  return result;
}

/**
 * Awaits `scan`, then rolls up each company in `companies` once, after its people are written (a
 * slice of companies per writer transaction), whether the scan finished or failed midway; a
 * failed scan's error is the one thrown.
 */
async function rollUpAfter<T>(scan: Promise<T>, companies: Set<string>, writer: Writer): Promise<T> {
  const outcome = await scan.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  const domains = [...companies];
  try {
    for (let from = 0; from < domains.length; from += COMPANIES_PER_TRANSACTION) {
      const slice = domains.slice(from, from + COMPANIES_PER_TRANSACTION);
      await writer.transact(async (ctx) => {
        await Promise.all(slice.map((domain) => ctx.leads.refreshCompany(domain)));
      });
    }
  } catch (error) {
    if (!('error' in outcome)) throw error;
  }
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}
