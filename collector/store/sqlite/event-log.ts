import type { DB } from '../../db/index.js';
import type { NewEvent, StoredEvent } from '../../events/types.js';
import { storedEvent } from '../../events/stored.js';
import { visitorSpans } from '../visitor-spans.js';

/** Prepared statements for appending events and keeping the visitors table current. */
export function createEventStore(db: DB) {
  const insertEvent = db.prepare(`
    INSERT INTO events (site, event_id, visitor_id, session_id, type, name, ts, received_at, url, path,
      page_class, title, referrer_host, utm_source, utm_medium, utm_campaign, utm_term, utm_content,
      props, browser, os, device, ip)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (site, event_id) DO NOTHING`);
  const upsertVisitor = db.prepare(`
    INSERT INTO visitors (site, id, first_seen_at, last_seen_at, first_referrer_host, first_utm_source,
      first_utm_medium, first_utm_campaign)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (site, id) DO UPDATE SET
      first_seen_at = MIN(first_seen_at, excluded.first_seen_at),
      last_seen_at = MAX(last_seen_at, excluded.last_seen_at)`);

  /** One upsert per visitor per call, not per event: a batch usually comes from one browser. */
  function touchVisitors(stored: readonly StoredEvent[]): void {
    for (const { first: e, minTs, maxTs } of visitorSpans(stored)) {
      upsertVisitor.run(e.site, e.visitorId, minTs, maxTs, e.referrerHost, e.utmSource, e.utmMedium, e.utmCampaign);
    }
  }

  return {
    /** Inserts what is new; returns only the events actually stored (duplicates skipped). */
    insert(events: readonly NewEvent[]): StoredEvent[] {
      const stored: StoredEvent[] = [];
      for (const e of events) {
        const info = insertEvent.run(
          e.site,
          e.eventId,
          e.visitorId,
          e.sessionId,
          e.type,
          e.name,
          e.ts,
          e.receivedAt,
          e.url,
          e.path,
          e.pageClass,
          e.title,
          e.referrerHost,
          e.utmSource,
          e.utmMedium,
          e.utmCampaign,
          e.utmTerm,
          e.utmContent,
          JSON.stringify(e.props),
          e.browser,
          e.os,
          e.device,
          e.ip,
        );
        if (info.changes === 0) continue;
        stored.push(storedEvent(e, Number(info.lastInsertRowid)));
      }
      if (stored.length) touchVisitors(stored);
      return stored;
    },
  };
}
