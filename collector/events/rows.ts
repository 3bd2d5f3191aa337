import type { EventProps, EventType, StoredEvent } from './types.js';

/** The `events` row as SQLite returns it. */
export interface EventRow {
  seq: number;
  site: string;
  event_id: string;
  visitor_id: string;
  session_id: string | null;
  lead_id: number | null;
  type: string;
  name: string | null;
  ts: number;
  received_at: number;
  url: string | null;
  path: string | null;
  page_class: string | null;
  title: string | null;
  referrer_host: string | null;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_term: string | null;
  utm_content: string | null;
  props: string;
  browser: string | null;
  os: string | null;
  device: string | null;
  ip: string | null;
}

/** Most events (page views) carry no props: skip the parser for the stored empty object. */
export function parseProps(json: string): EventProps {
  return json === '{}' ? {} : (JSON.parse(json) as EventProps);
}

export function rowToEvent(row: EventRow): StoredEvent {
  return {
    seq: row.seq,
    site: row.site,
    eventId: row.event_id,
    visitorId: row.visitor_id,
    sessionId: row.session_id,
    leadId: row.lead_id,
    type: row.type as EventType,
    name: row.name,
    ts: row.ts,
    receivedAt: row.received_at,
    url: row.url,
    path: row.path,
    pageClass: row.page_class,
    title: row.title,
    referrerHost: row.referrer_host,
    utmSource: row.utm_source,
    utmMedium: row.utm_medium,
    utmCampaign: row.utm_campaign,
    utmTerm: row.utm_term,
    utmContent: row.utm_content,
    props: parseProps(row.props),
    browser: row.browser,
    os: row.os,
    device: row.device,
    ip: row.ip,
  };
}

/** The columns of `events` the accounts projection reads (`AccountEvent`), for its rebuild from the log. */
export const ACCOUNT_EVENT_COLUMNS = 'seq, site, visitor_id, lead_id, type, name, ts, path, page_class, props';

/** The columns of `events` the engagement fold reads (a lead's stored events, re-read for a late event or a checkpoint move). */
export const SCORING_COLUMNS = 'seq, type, name, ts, path, page_class, props';

/** A row of `SCORING_COLUMNS`. */
export interface ScoringRow {
  seq: number;
  type: string;
  name: string | null;
  ts: number;
  path: string | null;
  page_class: string | null;
  props: string;
}

export type ScoringFields = Pick<StoredEvent, 'seq' | 'type' | 'name' | 'ts' | 'path' | 'pageClass' | 'props'>;

/** Seven fields instead of the whole row: the re-read allocates and copies only what scoring needs. */
export function rowToScoringEvent(row: ScoringRow): ScoringFields {
  return {
    seq: row.seq,
    type: row.type as EventType,
    name: row.name,
    ts: row.ts,
    path: row.path,
    pageClass: row.page_class,
    props: parseProps(row.props),
  };
}
