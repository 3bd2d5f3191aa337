import type { Stage } from '../events/domain.js';

/**
 * What an endpoint can subscribe to, as data: an upward crossing into a stage, a lead's creation,
 * a fall (any downward stage change, or one back to nurture), any change of the sales
 * disposition, or a follow-up gone overdue. The name is also the payload's `type`.
 */
export const ALERT_EVENTS = {
  'lead.created': { stage: null, move: 'created' },
  'lead.entered_mql': { stage: 'mql', move: 'up' },
  'lead.entered_near_sql': { stage: 'near_sql', move: 'up' },
  'lead.entered_sql': { stage: 'sql', move: 'up' },
  'lead.fell_back': { stage: null, move: 'down' },
  'lead.returned_to_nurture': { stage: null, move: 'down' },
  'lead.disposition_changed': { stage: null, move: 'disposition' },
  /** Several people or browsers of one account active at once, or its score high (collector/accounts/surge.ts). */
  'account.surging': { stage: null, move: 'account' },
  /** An SQL not acted on within dashboard.slaHours: its owner's reminder, then the escalation (routing/follow-up). */
  'lead.overdue': { stage: null, move: 'overdue' },
} as const satisfies Record<string, { stage: Stage | null; move: 'created' | 'up' | 'down' | 'disposition' | 'account' | 'overdue' }>;

export type AlertEvent = keyof typeof ALERT_EVENTS;
export const ALERT_EVENT_NAMES = Object.keys(ALERT_EVENTS) as [AlertEvent, ...AlertEvent[]];
/** Sales wants to hear about SQLs; the rest is opt-in. */
export const DEFAULT_ALERT_EVENTS: readonly AlertEvent[] = ['lead.entered_sql'];
/** The payload type of a test-send. */
export const TEST_EVENT = 'webhook.test';

/** The alert event for entering a stage, if that stage can alert. */
export function stageAlertEvent(stage: Stage): AlertEvent | null {
  for (const [name, def] of Object.entries(ALERT_EVENTS)) if (def.move === 'up' && def.stage === stage) return name as AlertEvent;
  return null;
}

/**
 * The stage a lead is nurtured in: identified, but neither marketing- nor sales-qualified. A fall
 * that lands here (decay, an expired intent window), or one caused by a sales rejection, hands the
 * lead back to marketing.
 */
export const NURTURE_STAGE: Stage = 'lead';
