import { isbot } from 'isbot';
import type { EventProps, EventType, NewEvent } from '../events/types.js';
import { normalizeEmail } from '../events/email.js';
import type { Site } from '../ingest/sites.js';
import { anonymizeIp } from '../ingest/ip.js';
import { parseUserAgent } from '../ingest/user-agent.js';
import type { SegmentMessage } from './schema.js';
import { SEGMENT_LIMITS } from './schema.js';
import { contentMessageId, derivedEventId, eventIdFor, visitorIdFor } from './ids.js';
import { eventTime } from './time.js';
import { pageFacts } from './page.js';
import { companyTraits, flattenTraits } from './traits.js';
import type { LinkIntent } from './links.js';

export interface MapContext {
  site: Site;
  receivedAt: number;
  /** The connection's client address: used only for messages sent from the user's device (`context.direct`). */
  connectionIp: string | null;
  storeIp: 'anonymized' | 'none';
}

/** A message Kindling refuses, with the key that is wrong (relative to the message). */
export class MessageError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** What one message becomes: its events (or why it became none) and what it says about identity. */
export interface Mapped {
  events: NewEvent[];
  dropped: 'bot' | 'screen' | null;
  intents: LinkIntent[];
}

/** An event before the columns every event of the message shares. */
interface Draft {
  visitorId: string;
  /** Set on the extra events of one message; the first event keeps the message's own id. */
  suffix?: string;
  type: EventType;
  name: string | null;
  props: EventProps;
}

type Of<T extends SegmentMessage['type']> = Extract<SegmentMessage, { type: T }>;

/**
 * The visitors a message speaks for: the anonymous browser first (its earlier events), then the
 * user id. An identify or group that carries both links both to the lead.
 */
function identityVisitors(m: SegmentMessage): string[] {
  const ids = [m.anonymousId, m.userId].filter((v): v is string => v !== undefined);
  return [...new Set(ids.map(visitorIdFor))];
}

/** The visitor an action belongs to: the user when known (linked to the lead), else the browser. */
const actor = (m: SegmentMessage) => visitorIdFor((m.userId ?? m.anonymousId)!);

function identifyDrafts(m: Of<'identify'>): Draft[] {
  const traits = m.traits ?? {};
  const rawEmail = traits.email;
  let email: string | undefined;
  if (typeof rawEmail === 'string' && rawEmail.trim() !== '') {
    const normalized = normalizeEmail(rawEmail);
    if (!normalized) throw new MessageError('traits.email', 'not a valid email address');
    email = normalized;
  }
  const flat = flattenTraits(traits, ['email']);
  const props: EventProps = { source: 'segment' };
  if (email) props.email = email;
  if (Object.keys(flat).length) props.traits = flat;
  return identityVisitors(m).map((visitorId, i) => ({ visitorId, suffix: i ? 'u' : undefined, type: 'identify', name: null, props }));
}

/** A group is the lead's company: an identify-type event that sets company traits, no email. */
function groupDrafts(m: Of<'group'>): Draft[] {
  const traits = { ...companyTraits(m.traits ?? {}), group_id: m.groupId.slice(0, 500) };
  return identityVisitors(m).map((visitorId, i) => ({
    visitorId,
    suffix: i ? 'u' : undefined,
    type: 'identify',
    name: null,
    props: { source: 'segment', traits },
  }));
}

function pageDrafts(m: Of<'page'>): Draft[] {
  const { url: _u, path: _p, title: _t, referrer: _r, ...rest } = m.properties ?? {};
  const custom: Record<string, unknown> = { ...rest };
  if (m.name) custom.name = m.name;
  if (m.category) custom.category = m.category;
  const props: EventProps = { source: 'segment' };
  if (Object.keys(custom).length) props.custom = custom;
  return [{ visitorId: actor(m), type: 'pageview', name: null, props }];
}

function trackDrafts(m: Of<'track'>): Draft[] {
  const props: EventProps = { source: 'segment' };
  if (m.properties && Object.keys(m.properties).length) props.custom = m.properties;
  return [{ visitorId: actor(m), type: 'track', name: m.event.slice(0, SEGMENT_LIMITS.nameLength), props }];
}

/** An alias stores no event of its own: it links (links.ts), which writes identify events when it can. */
const aliasDrafts = (): Draft[] => [];

/** Each message type and the events it becomes: policy as a table. */
const DRAFTS: { [T in SegmentMessage['type']]: ((m: Of<T>) => Draft[]) | null } = {
  identify: identifyDrafts,
  group: groupDrafts,
  page: pageDrafts,
  track: trackDrafts,
  alias: aliasDrafts,
  screen: null,
};

/** The end user's address: `context.ip` from a trusted server source, or the connection for direct calls. */
function userIp(m: SegmentMessage, mc: MapContext): string | null {
  if (mc.storeIp === 'none') return null;
  return anonymizeIp(m.context?.ip) ?? (m.context?.direct ? anonymizeIp(mc.connectionIp) : null);
}

export function mapMessage(m: SegmentMessage, raw: Record<string, unknown>, mc: MapContext): Mapped {
  const build = DRAFTS[m.type] as ((m: SegmentMessage) => Draft[]) | null;
  if (!build) return { events: [], dropped: 'screen', intents: [] };
  const ua = m.context?.userAgent;
  // Server libraries send no user agent; only an agent that names a bot drops the message.
  if (ua && isbot(ua)) return { events: [], dropped: 'bot', intents: [] };
  const drafts = build(m);

  const eventId = eventIdFor(m.messageId ?? contentMessageId(raw, mc.receivedAt));
  const page = pageFacts(mc.site, m.context, m.type === 'page' ? m.properties : undefined, m.type === 'page');
  const device = ua ? parseUserAgent(ua) : { browser: null, os: null, device: null };
  const title = page.title ?? (m.type === 'page' && m.name ? m.name.slice(0, 300) : null);
  const shared = {
    site: mc.site.config.key,
    sessionId: null,
    ts: eventTime(m, mc.receivedAt),
    receivedAt: mc.receivedAt,
    url: page.url,
    path: page.path,
    pageClass: page.pageClass,
    title,
    referrerHost: page.referrerHost,
    utmSource: page.utm.source,
    utmMedium: page.utm.medium,
    utmCampaign: page.utm.campaign,
    utmTerm: page.utm.term,
    utmContent: page.utm.content,
    browser: device.browser,
    os: device.os,
    device: device.device,
    ip: userIp(m, mc),
  };
  const template: NewEvent = { ...shared, eventId, visitorId: actor(m), type: 'identify', name: null, props: { source: 'segment' } };
  const events = drafts.map((d): NewEvent => ({
    ...template,
    eventId: d.suffix ? derivedEventId(eventId, d.suffix) : eventId,
    visitorId: d.visitorId,
    type: d.type,
    name: d.name,
    props: d.props,
  }));
  return { events, dropped: null, intents: linkIntents(m, events[0] ?? template) };
}

/** Identity statements of a message: its email, and "these two ids are one person". */
function linkIntents(m: SegmentMessage, base: NewEvent): LinkIntent[] {
  const intents: LinkIntent[] = [];
  if (m.type === 'identify' && base.props.email)
    intents.push({ kind: 'email', visitorIds: identityVisitors(m), email: base.props.email, base });
  const other = m.type === 'alias' ? m.previousId : m.anonymousId;
  if (other !== undefined && m.userId !== undefined)
    intents.push({ kind: 'pair', other: visitorIdFor(other), primary: visitorIdFor(m.userId), base });
  return intents;
}
