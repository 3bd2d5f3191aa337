import type { Config } from '../config/index.js';
import { getSetting, setSetting } from '../db/index.js';
import type { DB } from '../db/index.js';
import { conflict, notFound } from '../errors.js';
import type { Writer } from '../writer/index.js';
import { compileRules, type CompiledRules } from './rules/compile.js';
import { createIdentity } from './identity/links.js';
import { engineProjection } from './projection/index.js';
import { createLeadStore, type LeadRow } from './projection/store.js';
import { createUnit, type EngineCore } from './projection/unit.js';
import type { Action } from './stages/machine.js';
import { createSweep, type SweepResult } from './sweep/index.js';
import { rescoreAll, RULES_FINGERPRINT_KEY, type RescoreOptions, type RescoreResult } from './rescore/index.js';

/** Timers run this far behind the clock (see SweepOptions.lagMs); rescore uses the same. */
export const TIMER_LAG_MS = 5000;

export interface EngineOptions {
  config: Pick<Config, 'scoring'>;
  db: DB;
  writer: Writer;
  log?: (msg: string) => void;
}

/**
 * The engine: identity, scoring, stages and their write jobs (sales actions, erasure, sweep,
 * rescore). All state is in the database; this object holds the compiled rules and statements.
 */
export function createEngine(options: EngineOptions) {
  const { db, writer } = options;
  const log = options.log ?? ((m: string) => console.error(m));
  const rules: CompiledRules = compileRules(options.config.scoring);
  const store = createLeadStore(db);
  const core: EngineCore = { db, rules, store, identity: createIdentity(db) };
  const sweeper = createSweep(core, writer, { lagMs: TIMER_LAG_MS });
  const lastSeq = db.prepare<[], { seq: number | null }>('SELECT MAX(seq) AS seq FROM events');
  const insertAction = db.prepare('INSERT INTO lead_actions (lead_id, at, action, note, after_seq) VALUES (?, ?, ?, ?, ?)');
  const leadVisitors = db.prepare<[number], { site: string; visitor_id: string }>(
    'SELECT DISTINCT site, visitor_id FROM identity_links WHERE lead_id = ?',
  );
  const deleteEvents = db.prepare('DELETE FROM events WHERE lead_id = ?');
  const deleteLead = db.prepare('DELETE FROM leads WHERE id = ?');
  const visitorHasEvents = db.prepare<[string, string], { one: number }>(
    'SELECT 1 AS one FROM events WHERE site = ? AND visitor_id = ? LIMIT 1',
  );
  const deleteVisitor = db.prepare('DELETE FROM visitors WHERE site = ? AND id = ?');
  let rescoring: Promise<RescoreResult> | null = null;

  return {
    rules,
    core,
    /** Registers the projection with the writer (once). */
    attach(): void {
      writer.use(engineProjection(core));
    },

    /** A sales action; returns the lead row after it. 404 for an unknown lead, 409 for reopening an open lead. */
    setDisposition(leadId: number, action: Action, note: string | null): Promise<LeadRow> {
      return writer.transact((ctx) => {
        const unit = createUnit(core, ctx);
        const w = unit.open(leadId);
        if (!w) throw notFound(`no lead ${leadId}`);
        if (action === 'reopen' && w.row.disposition === null) throw conflict('the lead has no disposition to reopen');
        insertAction.run(leadId, ctx.now, action, note, lastSeq.get()?.seq ?? 0);
        unit.act(w, action);
        unit.flush();
        return store.byId(leadId)!;
      });
    },

    /**
     * GDPR erasure: the person, their events, traits, links, history and actions. Their browsers
     * point nowhere afterwards, so the same browser starts fresh (anonymous) on its next event.
     */
    erase(leadId: number): Promise<void> {
      return writer.transact((ctx) => {
        const row = store.byId(leadId);
        if (!row) throw notFound(`no lead ${leadId}`);
        const visitors = leadVisitors.all(leadId);
        deleteEvents.run(leadId);
        deleteLead.run(leadId); // cascades: state, links, visitor pointers, traits, history, actions
        store.unindex(leadId);
        for (const v of visitors) if (!visitorHasEvents.get(v.site, v.visitor_id)) deleteVisitor.run(v.site, v.visitor_id);
        if (row.company_domain) store.refreshCompany(row.company_domain);
        ctx.emit({ type: 'lead.erased', at: ctx.now, leadId });
      });
    },

    sweep(): Promise<SweepResult> {
      return sweeper.sweep();
    },
    startSweep(intervalMs: number): () => void {
      return sweeper.start(intervalMs, log);
    },

    /** One rescore at a time: a second call while one runs is a 409. */
    rescore(rescoreOptions: RescoreOptions = {}): Promise<RescoreResult> {
      if (rescoring) return Promise.reject(conflict('a rescore is already running'));
      rescoring = rescoreAll(core, writer, { lagMs: TIMER_LAG_MS, scoring: options.config.scoring, ...rescoreOptions }).finally(() => {
        rescoring = null;
      });
      return rescoring;
    },

    /** True when the stored scores were computed under other rules (a rescore is due). */
    rulesChanged(): boolean {
      const stored = getSetting(db, RULES_FINGERPRINT_KEY);
      return stored !== rules.fingerprint;
    },

    /**
     * At start: when the rules changed since the scores were computed, rescore in the background
     * (chunked through the writer, so ingest goes on); with no leads yet, just record the rules.
     */
    reconcileRules(): Promise<RescoreResult> | null {
      if (!this.rulesChanged()) return null;
      const leads = (db.prepare('SELECT COUNT(*) AS n FROM leads').get() as { n: number }).n;
      if (leads === 0) {
        setSetting(db, RULES_FINGERPRINT_KEY, rules.fingerprint);
        return null;
      }
      log(`kindling: scoring rules changed since the last rescore; rescoring ${leads} leads in the background`);
      return this.rescore().then((r) => {
        log(`kindling: rescore done: ${r.leads} leads, ${r.events} events, ${r.stageChanges} changed stage, ${r.ms} ms`);
        return r;
      });
    },
  };
}
export type Engine = ReturnType<typeof createEngine>;
