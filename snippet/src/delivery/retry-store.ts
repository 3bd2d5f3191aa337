import { RETRY_MAX_AGE_MS, RETRY_MAX_ENTRIES } from '../constants.js';
import { store, stored, type Entry, type Stored } from '../storage.js';

export type { Entry };

/** The live entries (the newest RETRY_MAX_ENTRIES, none older than RETRY_MAX_AGE_MS). */
export const loadEntries = (t: number, record: Stored = stored()): Entry[] =>
  (record.q || []).filter((e) => t - e.c < RETRY_MAX_AGE_MS).slice(-RETRY_MAX_ENTRIES);

/** Replaces the entry for body `b` with `next` (added at the end), or removes it when next is missing (or false). */
export const putEntry = (t: number, b: string, next?: Entry | false): void => {
  store((r) => {
    r.q = loadEntries(t, r)
      .filter((e) => e.b != b)
      .concat(next || []);
  });
};
