/**
 * The JSON the dashboard reads: the API contract (`collector/api/contract.ts`, type-only, so nothing
 * of the collector is bundled), plus the few names the dashboard derives from it.
 */
import type { Funnel, LeadDetail, WebhookEvent } from '../../collector/api/contract.js';

export type * from '../../collector/api/contract.js';

export type TraitValue = LeadDetail['lead']['traits'][string]['value'];
export type FunnelCounts = Partial<Funnel['counts']>;

/** What each alert an endpoint can subscribe to is called on the page; a new alert type must be named here. */
const ALERT_EVENT_LABELS: Record<WebhookEvent, string> = {
  'lead.created': 'is new (first identified)',
  'lead.entered_mql': 'entered MQL',
  'lead.entered_near_sql': 'entered near-SQL',
  'lead.entered_sql': 'entered SQL',
  'lead.fell_back': 'fell back a stage',
  'lead.returned_to_nurture': 'returned to nurture',
  'lead.disposition_changed': 'was accepted, rejected, won or lost by sales',
  'account.surging': 'account surging (several people or browsers of one company active)',
  'lead.overdue': 'is an SQL not acted on in time (follow-up escalation)',
};
export const ALERT_EVENTS = Object.entries(ALERT_EVENT_LABELS).map(([type, label]) => ({ type: type as WebhookEvent, label }));
