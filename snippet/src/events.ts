import { push } from './delivery/index.js';
import { uuid7 } from './ids.js';
import { cut, loc, now } from './util.js';
import type { EventFields, EventType, WireEvent } from './wire.js';

/** Tracking on (consent given, or not required) or off: nothing is recorded. */
export let tracking = false;
export const setTracking = (on: boolean): void => {
  tracking = on;
};

/** Records one event of this page (or of `url`): a unique, time-ordered id and the client time. */
export const emit = <T extends EventType>(t: T, fields: EventFields<T>, url: string = cut(loc.href)): void => {
  const ts = now();
  if (tracking) push({ i: uuid7(ts), t, ts, u: url, ...fields } as WireEvent);
};
