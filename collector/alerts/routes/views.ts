import type { Endpoint, Message } from '../../store/port/alerts.js';

/** An endpoint as the API shows it: never the secret. */
export const endpointView = (e: Endpoint) => ({
  id: e.id,
  url: e.url,
  format: e.format,
  events: e.events,
  enabled: e.enabled,
  disabledReason: e.disabledReason,
  source: e.source,
  failingSince: e.failingSince,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});

export const messageView = (m: Message) => ({
  id: m.id,
  type: m.type,
  leadId: m.leadId,
  status: m.status,
  attempts: m.attempts,
  nextAttemptAt: m.nextAttemptAt,
  createdAt: m.createdAt,
  deliveredAt: m.deliveredAt,
  lastError: m.lastError,
});

/** Keyset pagination, newest first: `<createdAt>.<id>` of the last message shown. */
export const cursorOf = (m: Message) => `${m.createdAt}.${m.id}`;

export function parseCursor(cursor: string): { at: number; id: string } | null {
  const match = /^(\d{1,16})\.(msg_[A-Za-z0-9_-]{1,80})$/.exec(cursor);
  return match ? { at: Number(match[1]), id: match[2]! } : null;
}
