import type { AccountReads } from './accounts.js';
import type { EnrichmentReads } from './enrichment.js';
import type { EventRow } from '../../events/rows.js';
import type { LeadRow } from '../../engine/projection/store.js';
import type { LeadModel } from '../../engine/stages/lead-model.js';
import type { Attempt, Endpoint, Message, MessageStatus } from './alerts.js';
import type { KpiReads } from './kpis.js';
import type { PersonReads } from './person.js';
import type { RoutingReads } from './routing.js';
import type { SpendReads } from './spend.js';
import type { ReviewReads } from './review.js';

/** Which leads a list reads: all, one stage, or one disposition (each kept on one index). */
export type LeadFilter = { kind: 'all'; v: null } | { kind: 'stage' | 'disposition'; v: string };

/** The covering-index columns the ranked list merges on; whole rows are read only for a page's winners. */
export type RankRow = Pick<LeadRow, 'id' | 'fit' | 'rank_key'>;

/**
 * The API's reads, derived from api/leads (list, search, detail), api/companies, api/funnel,
 * alerts/routes and health. Results are plain rows; the routes rank, page and shape them. Each call
 * sees committed data; the reads a response needs together (a lead's detail, a funnel) are one call,
 * so on PostgreSQL they come from one snapshot.
 */
export interface ApiReads extends KpiReads, PersonReads, AccountReads, EnrichmentReads, SpendReads, ReviewReads {
  /** Throws when the database does not answer. */
  ping(): Promise<void>;
  schemaVersion(): Promise<number>;
  /** The rank epoch (engine/projection/rank.ts), or null before any lead was scored. */
  rankEpoch(): Promise<number | null>;
  /** The leads with these ids, in the order given; unknown ids are left out. */
  leads(ids: readonly number[]): Promise<LeadRow[]>;
  /** The distinct fit values of the filtered leads, ascending (the ranked list merges fit groups). */
  fits(filter: LeadFilter): Promise<number[]>;
  /** One fit group, by rank key then id, descending, after the keyset (rank, id). */
  rankGroup(filter: LeadFilter, fit: number, rank: number, id: number, limit: number): Promise<RankRow[]>;
  /** By last seen then id, descending, after the keyset (seen, id). */
  bySeen(filter: LeadFilter, seen: number, id: number, limit: number): Promise<LeadRow[]>;
  countLeads(filter: LeadFilter): Promise<number>;
  /** Ids of leads whose email, name or company contains `q` (case-insensitive), at most `limit`, ascending. */
  search(q: string, limit: number): Promise<number[]>;
  leadDetail(id: number): Promise<LeadDetailRows | null>;
  /** Companies by Σfit + Σrank·decay, descending, then domain. */
  companies(decay: number, limit: number, offset: number): Promise<CompanyRow[]>;
  company(domain: string): Promise<CompanyRow | null>;
  /** A company's people by fit + rank·decay, descending, then id. */
  companyPeople(domain: string, decay: number, limit: number): Promise<LeadRow[]>;
  funnel(): Promise<FunnelRows>;
  /** How many events one browser has stored (the simulator's check that bots stored none). */
  visitorEvents(site: string, visitorId: string): Promise<number>;
  endpoints(): Promise<Endpoint[]>;
  messages(
    endpointId: number,
    options: { status?: MessageStatus | null; before?: { at: number; id: string } | null; limit: number },
  ): Promise<Message[]>;
  attempts(messageId: string): Promise<Attempt[]>;
  /** Lead owners and the follow-up deadline (routing). */
  routing: RoutingReads;
}

/** Everything the lead page shows, read together. */
export interface LeadDetailRows {
  row: LeadRow;
  model: LeadModel;
  /** In log order. */
  events: EventRow[];
  /** By key. */
  traits: { key: string; value: string; set_at: number }[];
  /** In link order. */
  browsers: { visitor_id: string; site: string; linked_at: number; evidence_seq: number }[];
  /** By time, then insertion. */
  history: {
    at: number;
    kind: 'stage' | 'disposition';
    from_value: string | null;
    to_value: string | null;
    cause: string;
    score: number;
  }[];
  /** Sales' notes, newest first. */
  notes: { at: number; action: string; text: string; author: string | null }[];
}

export interface CompanyRow {
  domain: string;
  name: string;
  people: number;
  engaged_people: number;
  sum_fit: number;
  sum_rank: number;
}

/** Counts per (source, campaign, stage, disposition): few rows, aggregated by the database. */
export interface CountRow {
  source: string;
  campaign: string | null;
  stage: string;
  disposition: string | null;
  n: number;
  mql: number;
  mql_sql: number;
  sql: number;
  won: number;
}
/** [source, campaign, lead→MQL ms, MQL→SQL ms or null]: only leads that reached MQL. */
export type DurationRow = [string, string | null, number, number | null];

export interface FunnelRows {
  counts: CountRow[];
  durations: DurationRow[];
  visitors: number;
  /** Visitors pointing at a lead. */
  linked: number;
}
