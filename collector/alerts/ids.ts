import { randomBytes } from 'node:crypto';

/**
 * `msg_` + the creation time (hex ms) + 64 random bits: unique, and time-ordered so the outbox's
 * primary key grows at its right edge. The id is the webhook-id header, stable across retries.
 */
export function newMessageId(nowMs: number): string {
  return `msg_${Math.max(0, Math.floor(nowMs)).toString(16).padStart(12, '0')}${randomBytes(8).toString('hex')}`;
}
