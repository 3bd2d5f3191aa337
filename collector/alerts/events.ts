import type { Stage } from '../events/domain.js';

/**
 * What an endpoint can subscribe to, as data: an upward crossing into a stage, or any change of
 * the sales disposition. The name is also the payload's `type`.
 */
export const ALERT_EVENTS = {
  'lead.entered_mql': { stage: 'mql' },
  'lead.entered_near_sql': { stage: 'near_sql' },
  'lead.entered_sql': { stage: 'sql' },
  'lead.disposition_changed': { stage: null },
} as const satisfies Record<string, { stage: Stage | null }>;

export type AlertEvent = keyof typeof ALERT_EVENTS;
export const ALERT_EVENT_NAMES = Object.keys(ALERT_EVENTS) as [AlertEvent, ...AlertEvent[]];
/** Sales wants to hear about SQLs; the rest is opt-in. */
export const DEFAULT_ALERT_EVENTS: readonly AlertEvent[] = ['lead.entered_sql'];
/** The payload type of a test-send. */
export const TEST_EVENT = 'webhook.test';

/** The alert event for entering a stage, if that stage can alert. */
export function stageAlertEvent(stage: Stage): AlertEvent | null {
  for (const [name, def] of Object.entries(ALERT_EVENTS)) if (def.stage === stage) return name as AlertEvent;
  return null;
}
