/**
 * Event time for a Segment message, following Segment's own rule and then Kindling's clamp:
 *
 *   1. t = `timestamp`, else `originalTimestamp`, else the receive time;
 *   2. with `sentAt`, correct the sender's clock skew as Segment does:
 *      t + (receivedAt − sentAt)  (sentAt and receivedAt are taken to be the same instant);
 *   3. clamp into [receivedAt − MAX_BACKFILL_MS, receivedAt]: nothing is dated in the future, and a
 *      write-key-authenticated source may backfill history (Segment's "historical import") up to
 *      two years — much further back than the snippet's 7 days, which is for browsers' retry queues.
 */
export const MAX_BACKFILL_MS = 730 * 24 * 3600 * 1000;

/** `2015-2-02T…` (single-digit month or day, as in one of Segment's own examples) is padded first. */
const LOOSE_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?=$|[T ])/;

/** ms since epoch from an ISO-8601 string or a number of ms; null when it is neither. */
export function parseSegmentTime(value: string | number | undefined): number | null {
  if (value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null;
  const padded = value
    .trim()
    .replace(LOOSE_DATE, (_all, y: string, m: string, d: string) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`);
  const ms = Date.parse(padded);
  return Number.isNaN(ms) ? null : ms;
}

export interface MessageTimes {
  timestamp?: string | number;
  originalTimestamp?: string | number;
  sentAt?: string | number;
}

/** Which of the message's time fields cannot be read (for a 400 naming the key). */
export function unreadableTimes(m: MessageTimes): (keyof MessageTimes)[] {
  return (['timestamp', 'originalTimestamp', 'sentAt'] as const).filter((k) => m[k] !== undefined && parseSegmentTime(m[k]) === null);
}

export function eventTime(m: MessageTimes, receivedAt: number): number {
  const given = parseSegmentTime(m.timestamp) ?? parseSegmentTime(m.originalTimestamp);
  if (given === null) return receivedAt;
  const sentAt = parseSegmentTime(m.sentAt);
  const corrected = sentAt === null ? given : given + (receivedAt - sentAt);
  return Math.min(receivedAt, Math.max(Math.round(corrected), receivedAt - MAX_BACKFILL_MS));
}
