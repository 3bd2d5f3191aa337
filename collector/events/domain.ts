/**
 * Domain events: what projections report while they run inside a writer transaction.
 * In-transaction handlers (the alert outbox) see them before commit; commit listeners
 * (the webhook sender, the dashboard's live stream) see them after.
 */
import type { EventType } from './types.js';

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

/**
 * Why a stage or disposition changed: stored in the stage history, carried by
 * `lead.stage_changed`, tested by the alert outbox. The engine's fixed causes are listed here;
 * a step caused by events is named by its strongest rule in the rule's words (`RuleCause`, made by
 * `ruleCause`) or, when no rule matched, by the event type (`pageview event`).
 */
export const FIXED_CAUSES = {
  identified: 'identified',
  decayed: 'engagement decayed',
  intentExpired: 'intent window expired',
  requalified: 're-qualified',
  reopened: 'reopened',
  sales: 'sales',
  accepted: 'accepted by sales',
  rejected: 'rejected by sales',
  won: 'won by sales',
  lost: 'lost by sales',
  /** A rescore under new rules: latched, alerted only with `webhooks.alertOnRescore`. */
  rescore: 'rescore',
} as const;
export type FixedCause = (typeof FIXED_CAUSES)[keyof typeof FIXED_CAUSES];
/** A rule's text as the cause of a step (branded: only `ruleCause` makes one). */
export type RuleCause = string & { readonly __ruleCause: true };
export type ChangeCause = FixedCause | `${EventType} event` | RuleCause;
export const ruleCause = (text: string): RuleCause => text as RuleCause;
/** The cause of a sales action's stage change. */
export const salesCause = (action: Disposition): ChangeCause => FIXED_CAUSES[action];

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

/**
 * `account.surging` (collector/accounts/surge.ts): several people or browsers of one account active at
 * once, or its score high. Defined here, with no imports, so the event types stay a leaf of the graph.
 */
export interface AccountSurge {
  type: 'account.surging';
  at: number;
  account: { key: string; kind: 'domain' | 'network'; name: string; domain: string | null; asn: number | null; country: string | null };
  figures: { people: number; anonymous: number; activeMembers: number; score: number; pricingViewsWeek: number; summary: string };
  /** Why it fired: the member count, the score, or both. */
  triggers: ('members' | 'score')[];
  /**
   * The account's owner once owners exist (lead routing): alerts go to the owner's channels first.
   * Null until then; the seam is here so routing fills it without touching the surge rule.
   */
  ownerId: number | null;
}

export type DomainEvent =
  | {
      type: 'lead.stage_changed';
      at: number;
      leadId: number;
      from: Stage;
      to: Stage;
      direction: 'up' | 'down';
      cause: ChangeCause;
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
  | { type: 'lead.erased'; at: number; leadId: number }
  | AccountSurge;
