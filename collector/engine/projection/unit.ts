import type { StoredEvent } from '../../events/types.js';
import type { WriteTx } from '../../store/port/index.js';
import type { CompiledRules } from '../rules/compile.js';
import type { ScoreHeadline } from '../scoring/score.js';
import { companyDomainOf } from '../identity/email-domain.js';
import { advanceModel, createLeadModel, stepAction, stepEvents, type LeadModel } from '../stages/lead-model.js';
import type { Action, Transition } from '../stages/machine.js';
import { rankEpoch } from './rank.js';
import type { LeadRow, StoredProjection } from './store.js';
import { leadSummary, roundReasons, transitionEvent } from './summary.js';
import type { ChangeCause } from '../../events/domain.js';
import { emitNetChange } from './net-change.js';
import { eventsNeeded, preloaded } from '../scoring/incremental.js';
import { deriveRow } from './derive-row.js';
import { neededEvents, type HeldEvents } from './lead-events.js';

export interface EngineCore {
  rules: CompiledRules;
}

/** A lead loaded into one writer transaction. */
export interface Working {
  row: LeadRow;
  model: LeadModel;
  /** The row as loaded (null for a lead created in this transaction). */
  before: LeadRow | null;
  transitions: Transition[];
  traits: Set<string>;
  /** Rescore: the history is replaced, and only the net change is reported. */
  replaced: boolean;
  /** Rescore: the rows as stored before the replay; rows that come out the same are not rewritten. */
  stored?: StoredProjection;
  /** New events or a sales action: worth a `lead.updated` even without a stage change. */
  touched: boolean;
  /** The lead's stored events this transaction has read (see `neededEvents`). */
  held?: HeldEvents | null;
}

const sameRow = (before: LeadRow | null, after: LeadRow) =>
  before !== null && (Object.keys(after) as (keyof LeadRow)[]).every((key) => before[key] === after[key]);

/**
 * The unit of work of one writer transaction: leads are loaded once, stepped any number of times,
 * then written back and reported once (`flush`), with their domain events in order. Loads and
 * saves go through the storage port; the steps between them are pure.
 */
export function createUnit(core: EngineCore, ctx: WriteTx) {
  const { rules } = core;
  const store = ctx.leads;
  const leads = new Map<number, Working>();
  /** Company roll-ups to recompute once at flush, however many of their people changed. */
  const companies = new Set<string>();
  /**
   * The rank epoch, read when the unit first writes a lead (`flush`), not when it begins: a unit
   * of anonymous events writes none and reads no setting, and on PostgreSQL the epoch is read
   * after the unit's leads are locked, when no rebase of them can still commit under it.
   */
  let epoch: number | null = null;

  async function open(id: number): Promise<Working | null> {
    const loaded = leads.get(id);
    if (loaded) return loaded;
    const found = await store.withModel(id);
    if (!found) return null;
    const { row, model } = found;
    const w: Working = { row, model, before: { ...row }, transitions: [], traits: new Set(), replaced: false, touched: false };
    leads.set(id, w);
    return w;
  }

  async function create(email: string, evidence: StoredEvent): Promise<Working> {
    const { model, transitions } = createLeadModel(email, evidence.receivedAt, evidence.seq);
    const base = {
      email,
      company_domain: companyDomainOf(email),
      created_at: evidence.receivedAt,
      created_seq: evidence.seq,
      stage: 'lead' as const,
      stage_changed_at: evidence.receivedAt,
    };
    const { id, created } = await store.insert(base);
    // Another collector created this person first (unique email): step theirs, locked like any.
    if (!created) {
      await store.lock([id]);
      const theirs = await open(id);
      if (theirs) return theirs;
    }
    const row = (await store.byId(id))!;
    const w: Working = { row, model, before: null, transitions, traits: new Set(), replaced: false, touched: true };
    leads.set(id, w);
    return w;
  }

  function seen(w: Working, events: readonly Pick<StoredEvent, 'ts'>[]): void {
    for (const { ts } of events) {
      if (w.row.first_seen_at === null || ts < w.row.first_seen_at) w.row.first_seen_at = ts;
      if (w.row.last_seen_at === null || ts > w.row.last_seen_at) w.row.last_seen_at = ts;
    }
  }

  async function step(w: Working, rawAt: number, fresh: readonly StoredEvent[], cause: ChangeCause): Promise<void> {
    // Load what the fold will read first (usually nothing: events arrive in order), then step.
    const needed = eventsNeeded(w.model.engagement, fresh);
    const loaded = await neededEvents(w.held ?? null, needed, fresh, ctx.events, w.row.id);
    w.held = loaded.held;
    const result = stepEvents(rules, w.model, rawAt, fresh, preloaded(needed, loaded.events), cause);
    w.transitions.push(...result.transitions);
    for (const key of result.traitsChanged) w.traits.add(key);
    seen(w, fresh);
    w.touched = true;
  }

  /**
   * Writes whose answer the unit does not need are issued without waiting for each (the store runs
   * them in call order: SQLite at once, PostgreSQL pipelined on the transaction's connection) and
   * awaited together at `flush`: one wait per unit instead of one per statement.
   */
  const writes: Promise<unknown>[] = [];

  /** Writes the lead's rows; unchanged rows of a rescored lead (`w.stored`) are left as they are. */
  function save(w: Working): void {
    const { row, model } = w;
    if (!w.stored || !sameRow(w.before, row)) writes.push(store.update(row, w.before));
    writes.push(store.saveModel(row.id, model, w.stored));
    for (const key of w.traits)
      if (key !== 'email' && model.traits[key]) writes.push(store.saveTrait(row.id, key, model.traits[key], w.stored));
    if (!w.replaced) {
      if (w.transitions.length) writes.push(store.addHistory(row.id, w.transitions));
    } else writes.push(store.replaceHistory(row.id, w.transitions, w.stored));
    if (!w.before || w.before.name !== row.name || w.before.company !== row.company) writes.push(store.index(row));
    for (const domain of [w.before?.company_domain ?? null, row.company_domain]) if (domain) companies.add(domain);
  }

  /** Reports the lead's changes as domain events (in the transaction, so handlers write with it). */
  function emit(w: Working, s: ScoreHeadline): void {
    const { row } = w;
    if (w.replaced) {
      // A rescore reports the net change only: the history it rebuilt is not news.
      if (w.before) emitNetChange(ctx, w.before, row, () => ({ score: s.total, reasons: roundReasons(s.top()) }));
      return;
    }
    // The summary and the top reasons (rendered texts, their events' seqs copied) only for a step that moved something.
    if (w.transitions.length) {
      const lead = leadSummary(row, s.total);
      const reasons = roundReasons(s.top());
      for (const t of w.transitions) ctx.emit(transitionEvent(t, lead, reasons));
    }
    if (w.touched || w.transitions.length > 0) ctx.emit({ type: 'lead.updated', at: ctx.now, leadId: row.id });
  }

  function write(w: Working, epoch: number): void {
    const s = deriveRow(rules, w.row, w.model, epoch, ctx.now);
    save(w);
    emit(w, s);
  }

  return {
    open,
    create,
    step,
    seen,
    act(w: Working, action: Action): void {
      w.transitions.push(...stepAction(rules, w.model, action, ctx.now));
      w.touched = true;
    },
    advance(w: Working, to: number): void {
      w.transitions.push(...advanceModel(rules, w.model, to));
    },
    /**
     * Rescore: the replayed model and its full history replace what is stored (`row` and `stored`
     * as read before the replay).
     */
    replace(row: LeadRow, stored: StoredProjection, model: LeadModel, transitions: Transition[]): Working {
      const w: Working = {
        row,
        model,
        before: { ...row },
        transitions,
        traits: new Set(Object.keys(model.traits)),
        replaced: true,
        touched: false,
        stored,
      };
      leads.set(row.id, w);
      return w;
    },
    /** A write the unit need not wait for: awaited with the others at `flush`. */
    later(write: Promise<unknown>): void {
      writes.push(write);
    },
    /** Writes back and reports every lead of the unit; returns the rows as written. */
    async flush(): Promise<LeadRow[]> {
      const written: LeadRow[] = [];
      if (leads.size && epoch === null) epoch = await rankEpoch(ctx.settings, ctx.now);
      for (const w of leads.values()) {
        write(w, epoch!);
        written.push(w.row);
      }
      for (const domain of companies) writes.push(store.refreshCompany(domain));
      await Promise.all(writes.splice(0));
      leads.clear();
      companies.clear();
      return written;
    },
    get size() {
      return leads.size;
    },
  };
}
export type Unit = ReturnType<typeof createUnit>;
