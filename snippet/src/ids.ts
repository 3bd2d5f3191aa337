import { SESSION_IDLE_MS, VISITOR_COOKIE_S } from './constants.js';
import { cookieVisitor, setCookieVisitor, store } from './storage.js';
import { cut, doc, loc, now } from './util.js';

/**
 * A 128-bit id in the UUIDv7 layout, as 32 hex digits: a 48-bit millisecond timestamp (so ids sort
 * by time and the collector's index grows at its right edge), version 7, variant 10 (its nibble
 * fixed at 8), and 72 random bits from crypto.getRandomValues. Used for the visitor, the session
 * and every event.
 */
export const uuid7 = (ms: number = now()): string =>
  crypto
    .getRandomValues(new Uint8Array(20))
    .reduce((id, byte, i) => id + (i ? (i == 4 ? 8 : byte & 15) : 7).toString(16), ms.toString(16).padStart(12, '0'));

/** Who and when: the visitor and the current session, as kept in the snippet's record. */
export interface Identity {
  /** visitor id */
  v: string;
  /** session id */
  i: string;
  /** the session's last activity, ms */
  t: number;
  /** the session's landing page URL (it carries the UTM parameters) and its referrer, as the wire's `l` */
  l: { u: string; r: string };
}

/**
 * Who and when, at time t (default now), for a batch: the visitor id from the cookie or localStorage (whichever
 * survived), written back to both; and the current session, touched: a new one (with this page as
 * its landing page) when there is none or the last activity is more than SESSION_IDLE_MS ago.
 */
export const identity = (t: number = now()): Identity =>
  store((r) => {
    r.v = cookieVisitor() || r.v || uuid7(t);
    setCookieVisitor(r.v, VISITOR_COOKIE_S);
    if (!(t - r.t! <= SESSION_IDLE_MS)) {
      r.i = uuid7(t);
      r.l = { u: cut(loc.href), r: cut(doc.referrer) };
    }
    r.t = t;
  }) as Identity;

/** Consent withdrawn: forget who this browser is, and the batches not sent yet; keep only the answer. */
export const forgetIds = (): void => {
  setCookieVisitor('', 0);
  store((r) => ({ c: r.c }));
};
