/**
 * The JSON the dashboard reads, as the admin API contract states it (brief/API.md). Only the
 * dashboard's view of it: fields it does not use may exist.
 */
import type { Disposition, LeadSummary, Reason, Stage } from '../../collector/events/domain.js';

export type { Disposition, Reason, Stage } from '../../collector/events/domain.js';
export type DispositionAction = Disposition | 'reopen';
export type FitGrade = 'A' | 'B' | 'C' | 'D';

/** A row of GET /api/leads: the domain's lead summary plus what the list shows. */
export interface LeadListItem extends LeadSummary {
  engagement: number;
  fitGrade: FitGrade;
  lastSeenAt: number | null;
  stageChangedAt: number;
  topReason: string | null;
  sqlSince: number | null;
}

export interface LeadPage {
  leads: LeadListItem[];
  nextCursor: string | null;
  total: number;
}

export type TraitValue = string | number | boolean | null;

// The API's own types, imported (type-only: nothing of the collector is bundled) so the two cannot drift.
import type { BreakdownEvent, RuleBreakdown } from '../../collector/engine/scoring/score.js';
import type { TimelineEvent } from '../../collector/api/leads/detail.js';
export type { RuleBreakdown, TimelineEvent };
export type RuleEvent = BreakdownEvent;

export interface StageChange {
  at: number;
  from: string | null;
  to: string;
  kind: 'stage' | 'disposition';
  cause: string;
  score: number;
}

export interface LeadDetail {
  lead: LeadListItem & {
    traits: Record<string, { value: TraitValue; setAt: number }>;
    firstSeenAt: number | null;
    visitors: { id: string; site: string; linkedAt: number; evidenceSeq: number }[];
  };
  score: { total: number; engagement: number; fit: number; breakdown: RuleBreakdown[]; reasons: Reason[] };
  scoreHistory: { at: number; score: number }[];
  stages: StageChange[];
  sessions: { id: string | null; startedAt: number; endedAt: number; events: TimelineEvent[] }[];
}

export interface CompanyTopLead {
  id: number;
  email: string;
  name: string | null;
  score: number;
  stage: Stage;
}

export interface Company {
  domain: string;
  name: string | null;
  people: number;
  engagedPeople: number;
  totalScore: number;
  topScore: number;
  topLeads: CompanyTopLead[];
}

/** GET /api/companies/:domain: the roll-up with every person, hottest first. */
export interface CompanyDetail extends Omit<Company, 'topLeads'> {
  leads: LeadListItem[];
}

export interface CompanyPage {
  companies: Company[];
  nextCursor: string | null;
}

export type FunnelCounts = Partial<Record<Stage | Disposition, number>>;
export interface FunnelRates {
  mqlToSql: number | null;
  sqlToWon: number | null;
}
export interface FunnelMedians {
  leadToMqlMs: number | null;
  mqlToSqlMs: number | null;
}
export interface FunnelSlice {
  counts: FunnelCounts;
  rates: FunnelRates;
  medians: FunnelMedians;
}
export interface Funnel extends FunnelSlice {
  bySource: (FunnelSlice & { source: string })[];
  byCampaign: (FunnelSlice & { campaign: string })[];
  reference: { mqlToSqlAverage: number; mqlToSqlBest: number; sqlToWon: number };
}

export interface Site {
  key: string;
  name: string;
  origins: string[];
  snippet: string;
}

/** Alert types an endpoint can subscribe to (the alerts part's ALERT_EVENTS). */
export const ALERT_EVENTS = [
  { type: 'lead.created', label: 'is new (first identified)' },
  { type: 'lead.entered_mql', label: 'entered MQL' },
  { type: 'lead.entered_near_sql', label: 'entered near-SQL' },
  { type: 'lead.entered_sql', label: 'entered SQL' },
  { type: 'lead.fell_back', label: 'fell back a stage' },
  { type: 'lead.returned_to_nurture', label: 'returned to nurture' },
  { type: 'lead.disposition_changed', label: 'was accepted, rejected, won or lost by sales' },
] as const;

export interface WebhookEndpoint {
  id: string | number;
  url: string;
  format: 'json' | 'slack';
  events: string[];
  enabled: boolean;
  disabledReason: string | null;
  /** 'config' endpoints come from the configuration file: only enabling and disabling work here. */
  source?: 'config' | 'api';
  failingSince?: number | null;
  createdAt: number;
}

export interface WebhookMessage {
  id: string;
  type: string;
  leadId: number | null;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: number | null;
  createdAt: number;
  lastError: string | null;
}

export interface DeliveryAttempt {
  at: number;
  status: number | null;
  latencyMs: number;
  error: string | null;
}

export interface DashboardSettings {
  slaHours: number;
}

/** One frame of GET /api/live. */
export interface LiveMessage {
  type: 'lead.updated' | 'lead.stage_changed' | 'lead.disposition_changed' | 'lead.erased';
  leadId: number;
  at: number;
  to?: string | null;
}
