import type { z } from 'zod';
import type { wireEventSchema } from '../../collector/ingest/wire.js';

/**
 * The wire format, as types only (nothing of zod reaches the bundle): the snippet is checked at
 * compile time against the very schema the collector validates with.
 */
export type WireEvent = z.input<typeof wireEventSchema>;
export type EventType = WireEvent['t'];
/** What a capture rule supplies; emit adds id, type, time and URL. */
export type EventFields<T extends EventType> = Omit<Extract<WireEvent, { t: T }>, 'i' | 't' | 'ts' | 'u'>;
