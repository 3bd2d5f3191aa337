import { MAX_ENGAGED_MS } from '../constants.js';
import { emit } from '../events.js';
import { doc, now } from '../util.js';

/**
 * Time on page: only the time the page is visible counts (not background tabs, not prerender).
 * When counting started, ms; 0 (or unset, before the first resume: no initialiser, 3 bytes gzip)
 * while not counting.
 */
let since: number;

/** Start counting, if the page is visible. */
export const resume = (): void => {
  since = doc.hidden ? 0 : now();
};

/** Emit the visible time counted since the last resume (for `url`, default this page) and pause. */
export const report = (url?: string): void => {
  const d = since && now() - since;
  since = 0;
  if (d > 0) emit('engage', { d: Math.min(d, MAX_ENGAGED_MS) }, url);
};
