import type { DomainEvent, LeadSummary, Reason } from '../../events/domain.js';
import { TEST_EVENT } from '../events.js';

export type AlertSource = Extract<DomainEvent, { type: 'lead.stage_changed' | 'lead.disposition_changed' }>;

/** The json format: what a receiver gets. Times are ISO 8601, scores rounded to one decimal. */
export interface AlertPayload {
  type: string;
  /** The message id, also sent as the webhook-id header: deduplicate on it. */
  id: string;
  /** When the change happened. */
  time: string;
  change:
    | { kind: 'stage'; from: string; to: string; cause: string }
    | { kind: 'disposition'; from: string | null; to: string | null }
    | OverdueChange;
  lead: {
    id: number;
    email: string;
    name: string | null;
    company: string | null;
    title: string | null;
    stage: string;
    disposition: string | null;
    score: number;
    fit: number;
  };
  /** The strongest reasons, in words, with the rule and the events (log seqs) behind each. */
  reasons: Reason[];
  /** The lead in the dashboard. */
  link: string;
}

/** A follow-up gone overdue: the owner's one reminder, or the escalation after it. */
export interface OverdueChange {
  kind: 'overdue';
  step: 'reminder' | 'escalation';
  /** When the lead became SQL (the follow-up clock's start). */
  sqlSince: string;
  /** Its owner's email, or null when nobody owns it. */
  owner: string | null;
}

export interface TestPayload {
  type: typeof TEST_EVENT;
  id: string;
  time: string;
  message: string;
  link: string;
}

export interface PayloadOptions {
  publicUrl: string;
  maxReasons: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export const leadLink = (publicUrl: string, leadId: number) => `${publicUrl}/#/leads/${leadId}`;

/** Strongest first; ties keep the engine's order. */
export function topReasons(reasons: readonly Reason[], max: number): Reason[] {
  return reasons
    .map((reason, i) => ({ reason, i }))
    .sort((a, b) => b.reason.points - a.reason.points || a.i - b.i)
    .slice(0, max)
    .map(({ reason }) => ({ ...reason, points: round1(reason.points) }));
}

export function buildPayload(type: string, msgId: string, event: AlertSource, options: PayloadOptions): AlertPayload {
  const change: AlertPayload['change'] =
    event.type === 'lead.stage_changed'
      ? { kind: 'stage', from: event.from, to: event.to, cause: event.cause }
      : { kind: 'disposition', from: event.from, to: event.to };
  return payloadOf(type, msgId, event.at, change, event.lead, event.reasons, options);
}

/** The payload of an overdue follow-up (no domain event: the follow-up check finds it). */
export function buildOverduePayload(
  msgId: string,
  at: number,
  change: Omit<OverdueChange, 'kind'>,
  lead: LeadSummary,
  reasons: readonly Reason[],
  options: PayloadOptions,
): AlertPayload {
  return payloadOf('lead.overdue', msgId, at, { kind: 'overdue', ...change }, lead, reasons, options);
}

function payloadOf(
  type: string,
  msgId: string,
  at: number,
  change: AlertPayload['change'],
  lead: LeadSummary,
  reasons: readonly Reason[],
  options: PayloadOptions,
): AlertPayload {
  return {
    type,
    id: msgId,
    time: new Date(at).toISOString(),
    change,
    lead: {
      id: lead.id,
      email: lead.email,
      name: lead.name,
      company: lead.company,
      title: lead.title,
      stage: lead.stage,
      disposition: lead.disposition,
      score: round1(lead.score),
      fit: round1(lead.fit),
    },
    reasons: topReasons(reasons, options.maxReasons),
    link: leadLink(options.publicUrl, lead.id),
  };
}

export function buildTestPayload(msgId: string, now: number, publicUrl: string): TestPayload {
  return {
    type: TEST_EVENT,
    id: msgId,
    time: new Date(now).toISOString(),
    message: 'Test message from Kindling: this endpoint receives and verifies alerts.',
    link: `${publicUrl}/`,
  };
}
