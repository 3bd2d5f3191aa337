import type { DomainEvent, LeadSummary, Reason, Stage } from '../../events/domain.js';
import type { Transition } from '../stages/machine.js';
import { round1 } from '../scoring/reasons.js';
import type { LeadRow } from './store.js';

export function leadSummary(row: LeadRow, score: number): LeadSummary {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    company: row.company,
    title: row.title,
    stage: row.stage,
    disposition: row.disposition,
    score: round1(score),
    fit: round1(row.fit),
  };
}

export function roundReasons(reasons: readonly Reason[]): Reason[] {
  return reasons.map((r) => ({ ...r, points: round1(r.points) }));
}

/** The domain event a stored transition is reported as. */
export function transitionEvent(t: Transition, lead: LeadSummary, reasons: Reason[]): DomainEvent {
  if (t.kind === 'stage') {
    return {
      type: 'lead.stage_changed',
      at: t.at,
      leadId: lead.id,
      from: t.from as Stage,
      to: t.to as Stage,
      direction: t.direction ?? 'up',
      cause: t.cause,
      lead,
      reasons,
    };
  }
  return {
    type: 'lead.disposition_changed',
    at: t.at,
    leadId: lead.id,
    from: t.from as LeadSummary['disposition'],
    to: t.to as LeadSummary['disposition'],
    lead,
    reasons,
  };
}
