import { SESSION_IDLE_MS, SESSION_KEY, VISITOR_COOKIE_S, VISITOR_KEY } from './constants.js';
import { cookieGet, cookieSet, ls, lsJson } from './storage.js';
import { cut, doc, loc, now } from './util.js';

/**
 * A 128-bit id in the UUIDv7 layout, as 32 hex digits: a 48-bit millisecond timestamp (so ids sort
 * by time and the collector's index grows at its right edge), version 7, variant 10, 74 random bits.
 * Used for the visitor, the session and every event.
 */
export const uuid7 = (ms: number = now()): string =>
  crypto
    .getRandomValues(new Uint8Array(20))
    .reduce((id, byte, i) => id + (i ? (i == 4 ? 8 | (byte & 3) : byte & 15) : 7).toString(16), ms.toString(16).padStart(12, '0'));

/** The visitor id from the cookie or localStorage (whichever survived), written back to both. */
export const visitorId = (): string => {
  const id = [cookieGet(VISITOR_KEY), ls(VISITOR_KEY)].find((v) => /^[\da-f]{32}$/.test(v)) || uuid7();
  cookieSet(VISITOR_KEY, id, VISITOR_COOKIE_S);
  ls(VISITOR_KEY, id);
  return id;
};

export interface Session {
  /** session id */
  i: string;
  /** last activity, ms */
  t: number;
  /** landing page URL (carries the UTM parameters) */
  u: string;
  /** the landing page's referrer */
  r: string;
}

/**
 * The current session, touched: a new one (with this page as its landing page) when there is none
 * or the last activity is more than SESSION_IDLE_MS ago.
 */
export const session = (t: number): Session => {
  let s: Session | undefined = lsJson(SESSION_KEY);
  if (!(s && t - s.t <= SESSION_IDLE_MS)) s = { i: uuid7(t), t, u: cut(loc.href), r: cut(doc.referrer) };
  s.t = t;
  ls(SESSION_KEY, JSON.stringify(s));
  return s;
};

/** Consent withdrawn: forget who this browser is. */
export const forgetIds = (): void => {
  cookieSet(VISITOR_KEY, '', 0);
  ls(VISITOR_KEY, null);
  ls(SESSION_KEY, null);
};
