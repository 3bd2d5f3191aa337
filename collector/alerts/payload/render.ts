import type { WebhookFormat } from '../config.js';
import type { AlertPayload, TestPayload } from './index.js';
import { slackBody } from './slack.js';

/** The request body for an endpoint's format, rendered once at enqueue time and sent as is on every retry. */
export function renderBody(format: WebhookFormat, payload: AlertPayload | TestPayload): string {
  return JSON.stringify(format === 'slack' ? slackBody(payload) : payload);
}
