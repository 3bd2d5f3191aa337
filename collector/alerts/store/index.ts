import type { DB } from '../../db/index.js';
import { createEndpointStore } from './endpoints.js';
import { createLatchStore } from './latches.js';
import { createMessageStore } from './messages.js';

export type { Endpoint, EndpointSource, NewEndpoint, EndpointStore } from './endpoints.js';
export type { Message, MessageStatus, Attempt, MessageStore } from './messages.js';
export type { LatchStore } from './latches.js';

/** Every alerts table behind prepared statements, prepared once per database. */
export function createAlertStore(db: DB) {
  return { endpoints: createEndpointStore(db), messages: createMessageStore(db), latches: createLatchStore(db) };
}
export type AlertStore = ReturnType<typeof createAlertStore>;
