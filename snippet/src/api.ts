import { normalizeEmail } from '../../collector/events/email.js';
import { KEY_MAX, MAX_KEYS, NAME_MAX, PROP_VALUE_MAX } from './constants.js';
import { emit } from './events.js';
import { cut } from './util.js';

type Scalar = string | number | boolean | null;

/**
 * Traits and props as the wire format takes them: at most MAX_KEYS own keys (cut to KEY_MAX
 * characters) with scalar values (strings cut to PROP_VALUE_MAX; NaN and Infinity become null in
 * JSON). Objects, arrays, functions and bigints are left out rather than letting one bad call make
 * the collector refuse a whole batch (or JSON.stringify throw).
 */
export const flatRecord = (value: unknown): Record<string, Scalar> => {
  const out: Record<string, Scalar> = {};
  Object.keys(value || 0)
    .slice(0, MAX_KEYS)
    .forEach((key) => {
      const v = (value as Record<string, Scalar>)[key]!;
      // typeof: string, symbol (JSON drops it), number, boolean; not bigint, object or function
      if (key && (v === null || /^(s|n|bo)/.test(typeof v))) out[cut(key, KEY_MAX)] = typeof v == 'string' ? cut(v, PROP_VALUE_MAX) : v;
    });
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
