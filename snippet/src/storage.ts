import { doc } from './util.js';

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
 * Host-only, whole site; maxAgeS 0 deletes it. The cookie is a mirror of localStorage that only
 * the snippet reads (the collector never sees it: batches go to its own origin with the id inside),
 * and holds nothing but a random id, so Secure and SameSite would protect nothing.
 */
export const cookieSet = (key: string, value: string, maxAgeS: number): void => {
  doc.cookie = key + '=' + value + ';path=/;max-age=' + maxAgeS;
};
