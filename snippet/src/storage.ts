import { doc } from './util.js';

/** A batch on its way, kept in localStorage so later page loads (and other tabs) send it too. */
export interface Entry {
  /** the request body, exactly as first made: its event ids make a second delivery harmless */
  b: string;
  /** failed attempts so far */
  n: number;
  /** created, ms */
  c: number;
  /** next attempt not before, ms */
  a: number;
}

/** Everything the snippet keeps in localStorage, in one record under the key `kn` (one read, one write). */
export interface Stored {
  /** visitor id (mirrored in a cookie) */
  v?: string;
  /** session id, last activity (ms), landing page URL and referrer */
  i?: string;
  t?: number;
  l?: { u: string; r: string };
  /** the retry store: batches on their way */
  q?: Entry[];
  /** consent: given or refused */
  c?: boolean;
}

/** Where the record lives when the browser refuses localStorage: this page's memory. */
let memory: Stored = {};

/** The record (a named property, localStorage.kn, is a few bytes shorter than getItem). */
export const stored = (): Stored => {
  try {
    return JSON.parse((localStorage as unknown as { kn: string }).kn) || {};
  } catch (_) {
    // missing, unreadable, or storage refused (a copy: the caller may change it)
    return { ...memory };
  }
};

/**
 * Reads the record, lets `change` edit it (or return a replacement), writes it back (silently not,
 * when storage is refused or full) and returns it. Read fresh every time: another tab may have
 * changed it.
 */
export const store = (change: (record: Stored) => Stored | void): Stored => {
  let record = stored();
  record = change(record) || record;
  try {
    (localStorage as unknown as { kn: string }).kn = JSON.stringify(record);
  } catch (_) {
    // blocked or full: this page goes on with its memory
    memory = record;
  }
  return record;
};

/** The visitor id in the cookie `kn_v`, if it holds a valid one. */
export const cookieVisitor = (): string | undefined => doc.cookie.match(/(^|; )kn_v=([\da-f]{32})(;|$)/)?.[2];

/**
 * The cookie `kn_v`: host-only, whole site; maxAgeS 0 deletes it. It mirrors the visitor id in
 * localStorage, is only ever read by the snippet (the collector never sees it: batches go to its
 * own origin with the id inside) and holds nothing but a random id, so Secure and SameSite would
 * protect nothing.
 */
export const setCookieVisitor = (id: string, maxAgeS: number): void => {
  doc.cookie = 'kn_v=' + id + ';path=/;max-age=' + maxAgeS;
};
