import { createHash } from 'node:crypto';

/**
 * Segment ids are arbitrary strings (a database key, a UUID, sometimes an email). Kindling keeps
 * the short, plain ones readable and hashes the rest, so no id of unknown shape or content (an
 * email used as userId) lands in `visitor_id` or `event_id` as is.
 *
 *   visitor  userId / anonymousId / previousId "019mr8mf4r"  → `seg:019mr8mf4r`
 *            anything outside [A-Za-z0-9_-]{1,64}              → `seg:h:<22 chars of base64url SHA-256>`
 *   event    messageId "ajs-next-1f2e"                        → `seg-ajs-next-1f2e`
 *            anything outside [A-Za-z0-9_-]{1,60}              → `segh-<43 chars of base64url SHA-256>`
 *
 * One namespace for userId and anonymousId: an alias's previousId may be either, and a collision
 * between a UUID-like anonymous id and a user id would need the same string. ':' and '.' never occur
 * in a kept id, so a hashed id, a derived id (`….a`) and a kept id can never be equal.
 */
const PLAIN_VISITOR = /^[A-Za-z0-9_-]{1,64}$/;
const PLAIN_MESSAGE = /^[A-Za-z0-9_-]{1,60}$/;

const digest = (value: string) => createHash('sha256').update(value).digest('base64url');

export function visitorIdFor(segmentId: string): string {
  return PLAIN_VISITOR.test(segmentId) ? `seg:${segmentId}` : `seg:h:${digest(segmentId).slice(0, 22)}`;
}

export function eventIdFor(messageId: string): string {
  return PLAIN_MESSAGE.test(messageId) ? `seg-${messageId}` : `segh-${digest(messageId)}`;
}

/** The id of the n-th extra event one message expands into (an identify that links two visitors). */
export function derivedEventId(eventId: string, suffix: string): string {
  return `${eventId}.${suffix}`;
}

/** JSON with object keys sorted at every level: equal content, equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Keys that differ between two sends of the same message, so they never enter its content id. */
const VOLATILE_KEYS = new Set(['sentAt', 'receivedAt', 'writeKey']);

/**
 * A message without a messageId gets one from its content, so a resend of the same message is
 * still recognised. Without any timestamp either, two identical calls could not be told apart
 * from one resent call; the receive time then joins the content and the calls count separately.
 */
export function contentMessageId(message: Record<string, unknown>, receivedAt: number): string {
  const content: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(message)) if (!VOLATILE_KEYS.has(key)) content[key] = value;
  if (content.timestamp == null && content.originalTimestamp == null) content.receivedAt = receivedAt;
  return `c${digest(canonicalJson(content)).slice(0, 40)}`;
}
