/**
 * The event as stored in the append-only `events` table: the source of truth that scores,
 * stages and roll-ups are projected from. Every ingestion path (the snippet's POST /e, the
 * Segment-compatible API) produces `NewEvent`s and hands them to the writer.
 */
export const EVENT_TYPES = ['pageview', 'engage', 'download', 'outbound', 'form', 'identify', 'track'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface FormPayload {
  id?: string;
  name?: string;
  action?: string;
  fields: Record<string, string>;
}

/** Type-specific data kept in the `props` JSON column. */
export interface EventProps {
  /** engage: visible milliseconds on the page. */
  engagedMs?: number;
  /** download / outbound: the link's absolute URL. */
  href?: string;
  /** form: what was submitted (sensitive fields never reach the collector). */
  form?: FormPayload;
  /** identify (and a form that carried an email): the normalized email. */
  email?: string;
  /** identify: traits given with it (name, title, company, BANT answers, ...). */
  traits?: Record<string, string | number | boolean | null>;
  /** track: custom properties. */
  custom?: Record<string, unknown>;
  /** The visitor's network when revealed at ingest: owner (AS number, organization) and country. */
  network?: { asn: number | null; org: string | null; country: string | null };
  /** where the event came from when not the snippet (e.g. 'segment'). */
  source?: string;
}

export interface NewEvent {
  site: string;
  /** Client-made id; (site, eventId) is unique, so retries are harmless. */
  eventId: string;
  visitorId: string;
  sessionId: string | null;
  type: EventType;
  /** Custom event name (track), or form id/name (form). */
  name: string | null;
  /** Event time, ms since epoch (client clock, clamped to the receive time window). */
  ts: number;
  receivedAt: number;
  url: string | null;
  path: string | null;
  pageClass: string | null;
  title: string | null;
  referrerHost: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmTerm: string | null;
  utmContent: string | null;
  props: EventProps;
  browser: string | null;
  os: string | null;
  device: string | null;
  /** Anonymized (IPv4 /24, IPv6 /48) or null, per config. */
  ip: string | null;
}

export interface StoredEvent extends NewEvent {
  /** Position in the log (INTEGER PRIMARY KEY): time-ordered, the replay order. */
  seq: number;
  /** The lead the event is attributed to, once known. */
  leadId: number | null;
}
