/**
 * Every tunable number and storage key of the snippet, in one module without imports: esbuild
 * inlines such constants into the code that uses them (a constant in a module that imports
 * anything stays a variable), so naming a value here costs no bytes.
 */

// Storage keys: short; the visitor key names both the cookie and the localStorage item, so either restores the other.
export const VISITOR_KEY = 'kn_v';
export const SESSION_KEY = 'kn_s';
export const RETRY_KEY = 'kn_q';
export const CONSENT_KEY = 'kn_c';

/** A session ends after 30 minutes without an event. */
export const SESSION_IDLE_MS = 18e5;
/** 400 days: the longest cookie lifetime Chrome allows. */
export const VISITOR_COOKIE_S = 3456e4;

/** A batch goes out this long after its first event, or at once when FLUSH_AT events wait (the collector takes 50). */
export const FLUSH_DELAY_MS = 1000;
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

/** Frameworks often set the new title just after changing the URL: wait this long before recording a route change. */
export const ROUTE_SETTLE_MS = 300;
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
