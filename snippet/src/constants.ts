/**
 * Every tunable number and storage key of the snippet, in one module without imports: esbuild
 * inlines such constants into the code that uses them (a constant in a module that imports
 * anything stays a variable), so naming a value here costs no bytes.
 */

/** A session ends after 30 minutes without an event. */
export const SESSION_IDLE_MS = 18e5;
/** 400 days: the longest cookie lifetime Chrome allows. */
export const VISITOR_COOKIE_S = 3456e4;

/**
 * The tracker's tick: every TICK_MS the URL is compared with the last page view's (SPA route
 * changes), queued events go out as one batch, and stored batches that are due are retried. Queued
 * events also go at once when FLUSH_AT wait (the collector takes 50 per request).
 */
export const TICK_MS = 500;
export const FLUSH_AT = 10;

/** The retry store keeps the newest RETRY_MAX_ENTRIES batches, none older than RETRY_MAX_AGE_MS (7 days). */
export const RETRY_MAX_ENTRIES = 30;
export const RETRY_MAX_AGE_MS = 6048e5;
/** Backoff: from 2 s, doubling, capped at 10 minutes. */
export const BACKOFF_BASE_MS = 2000;
export const BACKOFF_MAX_MS = 6e5;

/** Retry policy actions. */
export const DONE = 0;
export const RETRY = 1;
export const DROP = 2;

/** The collector refuses more than a day of engaged time in one event. */
export const MAX_ENGAGED_MS = 864e5;

/** Wire format caps (collector/ingest/wire.ts LIMITS): URLs 2048 (cut's default), titles 300, names 200. */
export const TITLE_MAX = 300;
export const NAME_MAX = 200;
export const KEY_MAX = 100;
export const PROP_VALUE_MAX = 500;
/** At most this many keys in traits, props and form fields. */
export const MAX_KEYS = 50;
/** Form field values are cut shorter than the wire allows: enough to qualify a lead, not a document. */
export const FIELD_VALUE_MAX = 200;

export const IGNORE = '[data-kindling-ignore]';
