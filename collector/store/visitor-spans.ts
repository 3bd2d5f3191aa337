import { browserKeys } from '../events/browser-key.js';
import type { StoredEvent } from '../events/types.js';

export interface VisitorSpan {
  /** The browser's first event of the call: where its first-touch columns come from. */
  first: StoredEvent;
  minTs: number;
  maxTs: number;
}

/** Each browser's time span within a set of newly stored events (both stores upsert one row per browser). */
export function visitorSpans(stored: readonly StoredEvent[]): Iterable<VisitorSpan> {
  const spans = new Map<string, VisitorSpan>();
  const keyOf = browserKeys();
  for (const e of stored) {
    const key = keyOf(e);
    const span = spans.get(key);
    if (!span) spans.set(key, { first: e, minTs: e.ts, maxTs: e.ts });
    else {
      span.minTs = Math.min(span.minTs, e.ts);
      span.maxTs = Math.max(span.maxTs, e.ts);
    }
  }
  return spans.values();
}
