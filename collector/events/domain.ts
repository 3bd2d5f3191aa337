/**
 * Domain events: what projections report while they run inside a writer transaction.
 * In-transaction handlers (the alert outbox) see them before commit; commit listeners
 * (the webhook sender, the dashboard's live stream) see them after.
 */
export const STAGES = ['visitor', 'lead', 'mql', 'near_sql', 'sql'] as const;
export type Stage = (typeof STAGES)[number];

export const DISPOSITIONS = ['accepted', 'rejected', 'won', 'lost'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** A reason in words with the rule and events behind it, for alerts and the dashboard. */
export interface Reason {
  text: string;
  ruleId: string;
  points: number;
  eventSeqs: number[];
}

export interface LeadSummary {
  id: number;
  email: string;
  name: string | null;
  company: string | null;
  title: string | null;
  stage: Stage;
  disposition: Disposition | null;
  score: number;
  fit: number;
}

export type DomainEvent =
  | {
      type: 'lead.stage_changed';
      at: number;
      leadId: number;
      from: Stage;
      to: Stage;
      direction: 'up' | 'down';
      cause: string;
      lead: LeadSummary;
      reasons: Reason[];
    }
  | {
      type: 'lead.disposition_changed';
      at: number;
      leadId: number;
      from: Disposition | null;
      to: Disposition | null;
      lead: LeadSummary;
      reasons: Reason[];
    }
  | { type: 'lead.updated'; at: number; leadId: number }
  | { type: 'lead.erased'; at: number; leadId: number };
