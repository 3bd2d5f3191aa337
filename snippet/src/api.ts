import { normalizeEmail } from '../../collector/events/email.js';
import { MAX_KEYS, NAME_MAX, PROP_VALUE_MAX } from './constants.js';
import { emit } from './events.js';
import { cut } from './util.js';

type Scalar = string | number | boolean | null;

/**
 * Traits and props as the wire format takes them: flat, scalar values only (strings cut to
 * PROP_VALUE_MAX; NaN and Infinity become null in JSON), at most MAX_KEYS keys. Objects, arrays,
 * functions and bigints are left out rather than letting one bad call make the collector refuse a
 * whole batch (or JSON.stringify throw). Keys are the caller's: keep them short (1-100 characters).
 */
export const flatRecord = (value: unknown): Record<string, Scalar> => {
  const out: Record<string, Scalar> = {};
  let count = 0;
  for (const key in value as Record<string, Scalar>) {
    const v = (value as Record<string, Scalar>)[key]!;
    // typeof: string, symbol (JSON drops it), number, boolean; not bigint, object or function
    if ((v === null || /^(s|n|bo)/.test(typeof v)) && ++count <= MAX_KEYS) out[key] = typeof v == 'string' ? cut(v, PROP_VALUE_MAX) : v;
  }
  return out;
};

/** `kindling('identify', email, traits)`: only an address that passes the shared email rule identifies. */
export const identify = (email: unknown, traits?: unknown): void => {
  const em = normalizeEmail(String(email));
  if (em) emit('identify', { em, tr: flatRecord(traits) });
};

/** `kindling('track', name, props)`: a custom event. */
export const track = (name: unknown, props?: unknown): void => {
  if (name) emit('track', { n: cut(name, NAME_MAX), p: flatRecord(props) });
};
