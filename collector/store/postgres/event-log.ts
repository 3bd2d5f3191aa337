import type { NewEvent, StoredEvent } from '../../events/types.js';
import { storedEvent } from '../../events/stored.js';
import { visitorSpans, type VisitorSpan } from '../visitor-spans.js';
import type { EventLog } from '../port/parts.js';
import type { SqlOrTx } from './connect.js';

const eventKey = (site: string, eventId: string) => `${site}\u0000${eventId}`;

/**
 * The event log on PostgreSQL. One statement appends a whole batch: the columns go as arrays and
 * `unnest` turns them back into rows (one prepared statement whatever the batch size), the unique
 * index on (site, event_id) drops what is already stored — by this collector or another, even one
 * whose transaction is still open: the insert waits for it — and RETURNING says what was new.
 */
export function createPostgresEventLog(sql: SqlOrTx): EventLog {
  return {
    async append(events: readonly NewEvent[]): Promise<StoredEvent[]> {
      if (!events.length) return [];
      const col = <K extends keyof NewEvent>(k: K) => events.map((e) => e[k]);
      const rows = await sql<{ seq: number; site: string; event_id: string; ord: number }[]>`
        INSERT INTO events (site, event_id, visitor_id, session_id, type, name, ts, received_at, url, path,
          page_class, title, referrer_host, utm_source, utm_medium, utm_campaign, utm_term, utm_content,
          props, browser, os, device, ip)
        SELECT site, event_id, visitor_id, session_id, type, name, ts, received_at, url, path,
          page_class, title, referrer_host, utm_source, utm_medium, utm_campaign, utm_term, utm_content,
          props, browser, os, device, ip
        FROM unnest(${col('site')}::text[], ${col('eventId')}::text[], ${col('visitorId')}::text[], ${col('sessionId')}::text[],
          ${col('type')}::text[], ${col('name')}::text[], ${col('ts')}::bigint[], ${col('receivedAt')}::bigint[], ${col('url')}::text[],
          ${col('path')}::text[], ${col('pageClass')}::text[], ${col('title')}::text[], ${col('referrerHost')}::text[],
          ${col('utmSource')}::text[], ${col('utmMedium')}::text[], ${col('utmCampaign')}::text[], ${col('utmTerm')}::text[],
          ${col('utmContent')}::text[], ${events.map((e) => JSON.stringify(e.props))}::text[], ${col('browser')}::text[],
          ${col('os')}::text[], ${col('device')}::text[], ${col('ip')}::text[])
          WITH ORDINALITY AS batch (site, event_id, visitor_id, session_id, type, name, ts, received_at, url, path,
            page_class, title, referrer_host, utm_source, utm_medium, utm_campaign, utm_term, utm_content,
            props, browser, os, device, ip, ord)
        ORDER BY ord
        ON CONFLICT (site, event_id) DO NOTHING
        RETURNING seq, site, event_id`;
      // Within one statement a repeated id is skipped after its first row, so the first occurrence wins.
      const seqOf = new Map(rows.map((r) => [eventKey(r.site, r.event_id), r.seq]));
      const stored: StoredEvent[] = [];
      for (const e of events) {
        const key = eventKey(e.site, e.eventId);
        const seq = seqOf.get(key);
        if (seq === undefined) continue;
        seqOf.delete(key);
        stored.push(storedEvent(e, seq));
      }
      stored.sort((a, b) => a.seq - b.seq);
      await touchVisitors(sql, stored);
      return stored;
    },
  };
}

/**
 * One upsert per browser, in (site, visitor) order: two collectors touching the same browsers
 * take their row locks in the same order, so they queue instead of deadlocking.
 */
async function touchVisitors(sql: SqlOrTx, stored: readonly StoredEvent[]): Promise<void> {
  const browser = (s: VisitorSpan) => eventKey(s.first.site, s.first.visitorId);
  const spans = [...visitorSpans(stored)].sort((a, b) => (browser(a) < browser(b) ? -1 : 1));
  for (const { first: e, minTs, maxTs } of spans) {
    await sql`
      INSERT INTO visitors (site, id, first_seen_at, last_seen_at, first_referrer_host, first_utm_source, first_utm_medium, first_utm_campaign)
      VALUES (${e.site}, ${e.visitorId}, ${minTs}, ${maxTs}, ${e.referrerHost}, ${e.utmSource}, ${e.utmMedium}, ${e.utmCampaign})
      ON CONFLICT (site, id) DO UPDATE SET
        first_seen_at = LEAST(visitors.first_seen_at, excluded.first_seen_at),
        last_seen_at = GREATEST(visitors.last_seen_at, excluded.last_seen_at)`;
  }
}
