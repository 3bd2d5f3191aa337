import type { StoredEvent } from '../../events/types.js';
import type { ScoringFields } from '../../events/rows.js';
import type { LeadRow, StoredProjection } from '../../engine/projection/store.js';
import type { LeadInputs } from '../../engine/rescore/inputs.js';
import type { LeadModel } from '../../engine/stages/lead-model.js';
import type { Transition } from '../../engine/stages/machine.js';
import type { TraitEntry } from '../../engine/rules/traits.js';

/**
 * What the engine's unit of work (projection, sales actions, erasure, sweep, rescore) reads and
 * writes, derived from engine/projection/store.ts, engine/identity/links.ts, engine/index.ts,
 * engine/sweep and engine/rescore/inputs.ts. Every method runs inside the caller's transaction.
 */
export interface LeadsTx {
  byId(id: number): Promise<LeadRow | null>;
  byEmail(email: string): Promise<LeadRow | null>;
  /**
   * Locks the leads a unit of work is about to step, in ascending id order (PostgreSQL:
   * `SELECT … FOR UPDATE ORDER BY id`), so two collectors touching the same people queue up
   * instead of deadlocking; SQLite's one writer makes it a no-op there.
   */
  lock(ids: readonly number[]): Promise<void>;
  model(id: number): Promise<LeadModel | null>;
  /**
   * The row and its stored model in one read (null when either is missing): the engine opens
   * every lead it steps with both, and a second statement per lead (on PostgreSQL a round trip)
   * bought nothing.
   */
  withModel(id: number): Promise<{ row: LeadRow; model: LeadModel } | null>;
  /** The stored model's JSON as stored (rescore compares it with what its snapshot read). */
  storedModel(id: number): Promise<string | null>;
  /** Creates the lead, or returns the id of the one another collector created first (unique email). */
  insert(
    row: Pick<LeadRow, 'email' | 'company_domain' | 'created_at' | 'created_seq' | 'stage' | 'stage_changed_at'>,
  ): Promise<{ id: number; created: boolean }>;
  update(row: LeadRow, before: LeadRow | null): Promise<void>;
  /** `model` as an object or as its JSON already serialized (the rescore worker's), stored as is. */
  saveModel(id: number, model: LeadModel | string, stored?: StoredProjection): Promise<void>;
  saveTrait(id: number, key: string, entry: TraitEntry, stored?: StoredProjection): Promise<void>;
  addHistory(id: number, transitions: readonly Transition[]): Promise<void>;
  replaceHistory(id: number, transitions: readonly Transition[], stored?: StoredProjection): Promise<void>;
  index(row: Pick<LeadRow, 'id' | 'email' | 'name' | 'company'>): Promise<void>;
  unindex(id: number): Promise<void>;
  refreshCompany(domain: string): Promise<void>;
  /** `actor`: who decided (the audit label: an email, a key's name), shown with the note. */
  addAction(action: {
    leadId: number;
    at: number;
    action: string;
    note: string | null;
    afterSeq: number;
    actor?: string | null;
    /** An imported CRM outcome: which CRM, its record id, the deal amount, and the CRM's date. */
    crm?: CrmFacts | null;
  }): Promise<void>;
  /** Erasure: the lead and everything that cascades from it. */
  remove(id: number): Promise<void>;
  /** The sweep: leads whose decay timer is due by `to`, soonest first. */
  dueTimers(to: number, limit: number): Promise<number[]>;
  count(): Promise<number>;
  /**
   * Rescore: a chunk of leads after `after` with their replay inputs and stored projection, read
   * for writing (PostgreSQL: the chunk's lead rows `FOR UPDATE`, in id order).
   */
  inputs(after: number, limit: number): Promise<LeadInputs[]>;
  /** Rescales every rank key (leads, top reasons, companies) when the rank epoch moves. */
  rescaleRanks(factor: number): Promise<void>;
}

/** The event log as the engine reads and projects it (the append is in parts.ts). */
export interface EventsTx {
  /** The lead's events in log order, only the fields the engagement fold reads. */
  forLead(leadId: number): Promise<ScoringFields[]>;
  /** The lead's events from log position `seq` on (a late event's re-fold reads only these). */
  forLeadFrom(leadId: number, seq: number): Promise<ScoringFields[]>;
  assign(seq: number, leadId: number): Promise<void>;
  lastSeq(): Promise<number>;
  removeForLead(leadId: number): Promise<void>;
  /** Retention: deletes up to `limit` events received before `cutoff`; returns how many. */
  removeReceivedBefore(cutoff: number, limit: number): Promise<number>;
}

/** Identity links and the visitors they point from. */
export interface IdentityTx {
  currentLead(site: string, visitorId: string): Promise<number | null>;
  /** Records the link (history) and points the browser at the lead. */
  link(link: { site: string; visitorId: string; leadId: number; evidenceSeq: number; linkedAt: number; kind: LinkKind }): Promise<void>;
  touch(site: string, visitorId: string): Promise<VisitorTouch | null>;
  browsersOf(leadId: number): Promise<{ site: string; visitorId: string }[]>;
  /** Attributes the browser's anonymous events before `seq` to the lead (they are returned, with `leadId` set). */
  attributeAnonymous(site: string, visitorId: string, seq: number, leadId: number): Promise<StoredEvent[]>;
  /** Erasure: forgets a browser that has no events left. */
  forgetIfEmpty(site: string, visitorId: string): Promise<void>;
}

/** Segment's remembered visitor pairs (`segment_aliases`) and the email a visitor's lead has now. */
export interface AliasesTx {
  emailOf(site: string, visitorId: string): Promise<string | null>;
  neighbours(site: string, visitorId: string): Promise<string[]>;
  remember(site: string, pairs: readonly (readonly [string, string])[], at: number): Promise<void>;
  /** After an erasure: pairs naming a browser that no longer exists go; returns how many. */
  forgetErased(): Promise<number>;
}

/** How a browser came to point at a lead: its first identity, or a second person on a shared device. */
export type LinkKind = 'anonymous' | 'shared-device';

/** A browser's first visit: when, and from where (UTM source, else referrer, else direct). */
export interface VisitorTouch {
  firstSeenAt: number;
  source: string;
  campaign: string | null;
}

/** Where an imported sales action came from (lead_actions: source `crm` and these columns). */
export interface CrmFacts {
  crm: string;
  crmId: string | null;
  amount: number | null;
  currency: string | null;
  occurredAt: number;
}
