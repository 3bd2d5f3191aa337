import type { DB } from '../db/index.js';
import type { NewEvent, StoredEvent } from '../events/types.js';

/** Prepared statements for appending events and keeping the visitors table current. */
export function createEventStore(db: DB) {
  const insertEvent = db.prepare(`
    INSERT INTO events (site, event_id, visitor_id, session_id, type, name, ts, received_at, url, path,
      page_class, title, referrer_host, utm_source, utm_medium, utm_campaign, utm_term, utm_content,
      props, browser, os, device, ip)
    VALUES (@site, @eventId, @visitorId, @sessionId, @type, @name, @ts, @receivedAt, @url, @path,
      @pageClass, @title, @referrerHost, @utmSource, @utmMedium, @utmCampaign, @utmTerm, @utmContent,
      @propsJson, @browser, @os, @device, @ip)
    ON CONFLICT (site, event_id) DO NOTHING`);
  const upsertVisitor = db.prepare(`
    INSERT INTO visitors (site, id, first_seen_at, last_seen_at, first_referrer_host, first_utm_source,
      first_utm_medium, first_utm_campaign)
    VALUES (@site, @visitorId, @ts, @ts, @referrerHost, @utmSource, @utmMedium, @utmCampaign)
    ON CONFLICT (site, id) DO UPDATE SET
      first_seen_at = MIN(first_seen_at, excluded.first_seen_at),
      last_seen_at = MAX(last_seen_at, excluded.last_seen_at)`);

  return {
    /** Inserts what is new; returns only the events actually stored (duplicates skipped). */
    insert(events: readonly NewEvent[]): StoredEvent[] {
      const stored: StoredEvent[] = [];
      for (const event of events) {
        const info = insertEvent.run({ ...event, propsJson: JSON.stringify(event.props) });
        if (info.changes === 0) continue;
        upsertVisitor.run(event);
        stored.push({ ...event, seq: Number(info.lastInsertRowid), leadId: null });
      }
      return stored;
    },
  };
}
