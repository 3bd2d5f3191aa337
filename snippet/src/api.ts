import { normalizeEmail } from './email.js';
import { NAME_MAX } from './constants.js';
import { flush } from './delivery/index.js';
import { emit } from './events.js';
import { cut } from './util.js';
import type { EventFields, EventType } from './wire.js';

/**
 * API events go in a batch of their own (what is queued goes first): traits and props are the
 * caller's, and should the collector refuse them (not a flat object of strings up to 500
 * characters, numbers, booleans and nulls, at most 50 keys), only that call is lost.
 */
const alone = <T extends EventType>(type: T, fields: EventFields<T>) => {
  flush();
  emit(type, fields);
  flush();
};

/** `kindling('identify', email, traits)`: only an address that passes the shared email rule identifies. */
export const identify = (email: unknown, traits?: Record<string, string | number | boolean | null>): void => {
  const em = normalizeEmail(String(email));
  if (em) alone('identify', { em, tr: traits });
};

/** `kindling('track', name, props)`: a custom event. */
export const track = (name: unknown, props?: Record<string, string | number | boolean | null>): void => {
  if (name) alone('track', { n: cut(name, NAME_MAX), p: props });
};
