import type { EventRow } from '../../events/rows.js';
import type { LeadRow } from '../../engine/projection/store.js';
import type { CountRow } from '../../api/funnel.js';
import type { LeadModel } from '../../engine/stages/lead-model.js';
import type { Attempt, Endpoint, Message, MessageStatus } from './alerts.js';

/** Which leads a list reads: all, one stage, or one disposition (each kept on one index). */
export type LeadFilter = { kind: 'all'; v: null } | { kind: 'stage' | 'disposition'; v: string };

/**
 * The API's reads, derived from api/leads (list, search, detail), api/companies, api/funnel,
 * alerts/routes, backtest/source and health. Results are plain rows; the routes rank, page and
 * shape them as today.
 */
export interface ApiReads {
  ping(): Promise<void>;
  lead(id: number): Promise<LeadRow | null>;
  leadModel(id: number): Promise<LeadModel | null>;
  /** The next fit value above `after` among the filtered leads (the ranked list merges fit groups). */
  nextFit(filter: LeadFilter, after: number): Promise<number | null>;
  /** One fit group, by rank key then id, descending, after the keyset (rank, id). */
  rankGroup(filter: LeadFilter, fit: number, rank: number, id: number, limit: number): Promise<Pick<LeadRow, 'id' | 'fit' | 'rank_key'>[]>;
  bySeen(filter: LeadFilter, seen: number, id: number, limit: number): Promise<LeadRow[]>;
  countLeads(filter: LeadFilter): Promise<number>;
  /** Ids of leads whose email, name or company contains `q` (case-insensitive), at most `limit`. */
  search(q: string, limit: number): Promise<number[]>;
  leadEvents(id: number): Promise<EventRow[]>;
  leadTraits(id: number): Promise<{ key: string; value: string; set_at: number }[]>;
  leadBrowsers(id: number): Promise<{ visitor_id: string; site: string; linked_at: number; evidence_seq: number }[]>;
  leadHistory(
    id: number,
  ): Promise<
    { at: number; kind: 'stage' | 'disposition'; from_value: string | null; to_value: string | null; cause: string; score: number }[]
  >;
  companies(decay: number, limit: number, offset: number): Promise<CompanyRow[]>;
  company(domain: string): Promise<CompanyRow | null>;
  companyPeople(domain: string, decay: number, limit: number): Promise<LeadRow[]>;
  funnelCounts(): Promise<CountRow[]>;
  /** [source, campaign, lead→MQL ms, MQL→SQL ms or null] of leads that reached MQL. */
  funnelDurations(): Promise<[string, string | null, number, number | null][]>;
  visitorCounts(): Promise<{ visitors: number; linked: number }>;
  endpoints(): Promise<Endpoint[]>;
  messages(
    endpointId: number,
    options: { status?: MessageStatus | null; before?: { at: number; id: string } | null; limit: number },
  ): Promise<Message[]>;
  attempts(messageId: string): Promise<Attempt[]>;
}

export interface CompanyRow {
  domain: string;
  name: string;
  people: number;
  engaged_people: number;
  sum_fit: number;
  sum_rank: number;
}
