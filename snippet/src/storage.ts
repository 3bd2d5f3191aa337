import { doc, loc } from './util.js';

/**
 * localStorage that never throws (it can be blocked, full or missing): `ls(key)` reads (null or
 * undefined when there is nothing), `ls(key, value)` writes, `ls(key, null)` removes.
 */
export const ls = (key: string, value?: string | null): any => {
  try {
    const store = localStorage;
    return value === undefined ? store.getItem(key) : value == null ? store.removeItem(key) : store.setItem(key, value);
  } catch (_) {
    // blocked or full: this page goes on without it
  }
};

/** A JSON value from localStorage; undefined when missing or unreadable. */
export const lsJson = (key: string): any => {
  try {
    return JSON.parse(ls(key));
  } catch (_) {
    // corrupt: treated as missing
  }
};

export const cookieGet = (key: string): string | undefined => (doc.cookie.match('(^|; )' + key + '=([^;]*)') || [])[2];

/**
 * Host-only; Secure on https. maxAgeS 0 deletes it. The cookie is only ever read by the snippet
 * (never by the collector), so SameSite does not matter.
 */
export const cookieSet = (key: string, value: string, maxAgeS: number): void => {
  doc.cookie = key + '=' + value + ';path=/;max-age=' + maxAgeS + (loc.protocol == 'https:' ? ';secure' : '');
};
