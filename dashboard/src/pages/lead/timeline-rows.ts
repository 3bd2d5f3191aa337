import type { TimelineEvent } from '../../types.js';

/** A line of the timeline: an event, with the time spent on the page folded into its page view. */
export interface TimelineRow {
  event: TimelineEvent;
  engagedMs: number | null;
}

/**
 * Engagement pings (`engage`) say how long a page was visible; on their own they are noise in a
 * timeline. Fold each into the latest page view of the same URL in the session, and keep an
 * engage line only when no such page view is there.
 */
export function timelineRows(events: readonly TimelineEvent[]): TimelineRow[] {
  const sorted = [...events].sort((a, b) => a.ts - b.ts || a.seq - b.seq);
  const rows: TimelineRow[] = [];
  const lastViewByUrl = new Map<string, TimelineRow>();
  for (const event of sorted) {
    const key = event.url ?? event.path ?? '';
    if (event.type === 'engage') {
      const view = lastViewByUrl.get(key);
      const ms = event.engagedMs ?? 0;
      if (view) view.engagedMs = (view.engagedMs ?? 0) + ms;
      else rows.push({ event, engagedMs: ms });
      continue;
    }
    const row: TimelineRow = { event, engagedMs: null };
    if (event.type === 'pageview') lastViewByUrl.set(key, row);
    rows.push(row);
  }
  return rows;
}

/** Icons (plain glyphs every system font has) and verbs per event type; unknown types show their raw name. */
export const EVENT_KINDS: Readonly<Record<string, { icon: string; verb: string }>> = {
  pageview: { icon: '◉', verb: 'Viewed' },
  engage: { icon: '◷', verb: 'Read' },
  download: { icon: '↓', verb: 'Downloaded' },
  outbound: { icon: '↗', verb: 'Followed a link to' },
  form: { icon: '✎', verb: 'Submitted a form' },
  identify: { icon: '●', verb: 'Identified' },
  track: { icon: '★', verb: 'Did' },
};
