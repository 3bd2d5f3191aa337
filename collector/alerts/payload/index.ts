import type { DomainEvent, Reason } from '../../events/domain.js';
import { TEST_EVENT } from '../events.js';

export type AlertSource = Extract<DomainEvent, { type: 'lead.stage_changed' | 'lead.disposition_changed' }>;

/** The json format: what a receiver gets. Times are ISO 8601, scores rounded to one decimal. */
export interface AlertPayload {
  type: string;
  /** The message id, also sent as the webhook-id header: deduplicate on it. */
  id: string;
  /** When the change happened. */
  time: string;
  change: { kind: 'stage'; from: string; to: string; cause: string } | { kind: 'disposition'; from: string | null; to: string | null };
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
  const { lead } = event;
  return {
    type,
    id: msgId,
    time: new Date(event.at).toISOString(),
    change:
      event.type === 'lead.stage_changed'
        ? { kind: 'stage', from: event.from, to: event.to, cause: event.cause }
        : { kind: 'disposition', from: event.from, to: event.to },
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
    reasons: topReasons(event.reasons, options.maxReasons),
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
