import type { Config } from '../config/index.js';
import { conflict, notFound } from '../errors.js';
import type { Writer } from '../writer/index.js';
import type { FleetLocks } from '../store/port/index.js';
import { compileRules, type CompiledRules } from './rules/compile.js';
import { rebuildAccounts } from '../accounts/rebuild.js';
import { engineProjection } from './projection/index.js';
import type { LeadRow } from './projection/store.js';
import { createUnit, type EngineCore } from './projection/unit.js';
import type { Action } from './stages/machine.js';
import type { Actor } from '../store/port/team.js';
import { createSweep, type SweepResult } from './sweep/index.js';
import { rescoreAll, RULES_FINGERPRINT_KEY, type RescoreOptions, type RescoreResult } from './rescore/index.js';

/** Timers run this far behind the clock (see SweepOptions.lagMs); rescore uses the same. */
export const TIMER_LAG_MS = 5000;

export interface EngineOptions {
  config: Pick<Config, 'scoring'>;
  writer: Writer;
  /**
   * The SQLite file the rescore worker reads a snapshot of (absent: in memory, or a store without
   * one: the replay runs chunk by chunk in the writer).
   */
  snapshotPath?: string | null;
  log?: (msg: string) => void;
}

/**
 * The engine: identity, scoring, stages and their write jobs (sales actions, erasure, sweep,
 * rescore). All state is in the database, reached through the writer's transactions (the
 * storage port); this object holds the compiled rules.
 */
export function createEngine(options: EngineOptions) {
  const { writer } = options;
  const log = options.log ?? ((m: string) => console.error(m));
  const rules: CompiledRules = compileRules(options.config.scoring);
  const core: EngineCore = { rules };
  const sweeper = createSweep(core, writer, { lagMs: TIMER_LAG_MS });
  let rescoring: Promise<RescoreResult> | null = null;
  /**
   * Whether the stored scores were computed under other rules. Only a rescore writes the rules'
   * fingerprint, so it is read once (`reconcileRules`, at start) and kept here, sparing the API a
   * database read per request.
   */
  let rescoreDue = true;

  return {
    rules,
    core,
    /** Registers the projection with the writer (once). */
    attach(): void {
      writer.use(engineProjection(core));
    },

    /** A sales action; returns the lead row after it. 404 for an unknown lead, 409 for reopening an open lead. */
    setDisposition(leadId: number, action: Action, note: string | null, actor: Actor | null = null): Promise<LeadRow> {
      return writer.transact(async (tx) => {
        const unit = await createUnit(core, tx);
        const w = await unit.open(leadId);
        if (!w) throw notFound(`no lead ${leadId}`);
        if (action === 'reopen' && w.row.disposition === null) throw conflict('the lead has no disposition to reopen');
        await tx.leads.addAction({ leadId, at: tx.now, action, note, afterSeq: await tx.events.lastSeq(), actor: actor?.label ?? null });
        // Who decided, in the decision's own transaction.
        if (actor)
          await tx.audit.append({
            at: tx.now,
            actor,
            action: 'lead.disposition',
            target: `lead:${leadId}`,
            detail: { disposition: action, note },
          });
        unit.act(w, action);
        await unit.flush();
        return (await tx.leads.byId(leadId))!;
      });
    },

    /**
     * GDPR erasure: the person, their events, traits, links, history and actions. Their browsers
     * point nowhere afterwards, so the same browser starts fresh (anonymous) on its next event.
     */
    erase(leadId: number, actor: Actor | null = null): Promise<void> {
      return writer.transact(async (tx) => {
        const row = await tx.leads.byId(leadId);
        if (!row) throw notFound(`no lead ${leadId}`);
        // The entry names the lead by id only, and earlier entries about the lead lose their details
        // (a note may name the person): who did what, and when, stays; what the person was does not.
        await tx.audit.scrubTarget(`lead:${leadId}`);
        if (actor) await tx.audit.append({ at: tx.now, actor, action: 'lead.erased', target: `lead:${leadId}`, detail: null });
        const browsers = await tx.identity.browsersOf(leadId);
        await tx.events.removeForLead(leadId);
        await tx.leads.remove(leadId); // cascades: state, links, visitor pointers, traits, history, actions
        await tx.leads.unindex(leadId);
        for (const b of browsers) await tx.identity.forgetIfEmpty(b.site, b.visitorId);
        if (row.company_domain) await tx.leads.refreshCompany(row.company_domain);
        tx.emit({ type: 'lead.erased', at: tx.now, leadId });
      });
    },

    sweep(): Promise<SweepResult> {
      return sweeper.sweep();
    },
    startSweep(intervalMs: number, fleet: FleetLocks): () => void {
      return sweeper.start(intervalMs, log, fleet);
    },

    /** One rescore at a time: a second call while one runs is a 409. */
    rescore(rescoreOptions: RescoreOptions = {}): Promise<RescoreResult> {
      if (rescoring) return Promise.reject(conflict('a rescore is already running'));
      rescoring = rescoreAll(core, writer, {
        lagMs: TIMER_LAG_MS,
        scoring: options.config.scoring,
        snapshotPath: options.snapshotPath ?? null,
        ...rescoreOptions,
      })
        // Accounts are a projection of the same log: rebuilt under the same rules, after the leads.
        .then(async (result) => {
          result.accountEvents = await rebuildAccounts(rules, (job) => writer.transact(job), {
            onProgress: rescoreOptions.onAccountsProgress,
          });
          rescoreDue = false;
          return result;
        })
        .finally(() => {
          rescoring = null;
        });
      return rescoring;
    },

    /** True when the stored scores were computed under other rules (a rescore is due). */
    rulesChanged(): boolean {
      return rescoreDue;
    },

    /**
     * At start: when the rules changed since the scores were computed, rescore in the background
     * (chunked through the writer, so ingest goes on); with no leads yet, just record the rules.
     * Resolves once that decision is taken: to the running rescore, or null.
     */
    async reconcileRules(): Promise<{ running: Promise<RescoreResult> } | null> {
      const leads = await writer.transact(async (tx) => {
        if ((await tx.settings.get(RULES_FINGERPRINT_KEY)) === rules.fingerprint) return null;
        const n = await tx.leads.count();
        if (n === 0) await tx.settings.set(RULES_FINGERPRINT_KEY, rules.fingerprint);
        return n;
      });
      if (leads === null || leads === 0) {
        rescoreDue = false;
        return null;
      }
      log(`kindling: scoring rules changed since the last rescore; rescoring ${leads} leads in the background`);
      const running = this.rescore().then((r) => {
        log(`kindling: rescore done: ${r.leads} leads, ${r.events} events, ${r.stageChanges} changed stage, ${r.ms} ms`);
        return r;
      });
      return { running };
    },
  };
}
export type Engine = ReturnType<typeof createEngine>;
