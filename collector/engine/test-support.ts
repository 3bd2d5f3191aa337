import type { NewEvent } from '../events/types.js';

let counter = 0;
/** A NewEvent as the ingest route would hand it to the writer, with overridable fields. */
export function newEvent(fields: Partial<NewEvent> & Pick<NewEvent, 'visitorId' | 'type'>): NewEvent {
  counter++;
  const ts = fields.ts ?? Date.UTC(2025, 0, 1);
  return {
    site: 'demo',
    eventId: `e${counter.toString(36)}x${Math.random().toString(36).slice(2, 8)}`,
    sessionId: 's1',
    name: null,
    ts,
    receivedAt: fields.receivedAt ?? ts,
    url: fields.path ? `https://acme.test${fields.path}` : null,
    path: null,
    pageClass: null,
    title: null,
    referrerHost: null,
    utmSource: null,
    utmMedium: null,
    utmCampaign: null,
    utmTerm: null,
    utmContent: null,
    props: {},
    browser: null,
    os: null,
    device: null,
    ip: null,
    ...fields,
  };
}

/** Shorthands for the events the tests write. */
export const events = {
  view: (visitorId: string, ts: number, path = '/', pageClass: string | null = null, more: Partial<NewEvent> = {}) =>
    newEvent({ visitorId, type: 'pageview', ts, path, pageClass, ...more }),
  identify: (visitorId: string, ts: number, email: string, traits: Record<string, string | number | boolean | null> = {}, more: Partial<NewEvent> = {}) =>
    newEvent({ visitorId, type: 'identify', ts, props: { email, traits }, ...more }),
  form: (visitorId: string, ts: number, form: { id?: string; name?: string; fields: Record<string, string> }, email?: string, more: Partial<NewEvent> = {}) =>
    newEvent({ visitorId, type: 'form', ts, name: form.id ?? form.name ?? null, props: { form, ...(email ? { email } : {}) }, ...more }),
};
