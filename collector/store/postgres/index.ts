import type { StoreTx } from '../port/index.js';
import type { SqlOrTx } from './connect.js';
import { createPostgresAliases } from './aliases.js';
import { createPostgresEventLog } from './event-log.js';
import { createPostgresEvents } from './events.js';
import { createPostgresIdentity } from './identity.js';
import { createPostgresLeads } from './leads.js';
import { createPostgresSessions } from './sessions.js';
import { createPostgresSettings } from './settings.js';

/** The parts of a unit of work that the alert stores add (store/postgres/alerts*). */
export type AlertParts = 'endpoints' | 'messages' | 'latches';

/**
 * Every part of one PostgreSQL unit of work except the alert stores, bound to its transaction:
 * the event log, settings, sessions, and the engine's leads, events, identity and Segment aliases.
 * The store runs a unit through `inTransaction` (retried whole on 40001/40P01) and binds these to
 * its transaction, so a unit's statements all run on that one connection; the alert stores join
 * them when the alerts branch's PostgreSQL stores and the port's `StoreTx` types meet.
 */
export function postgresUnitParts(tx: SqlOrTx): Omit<StoreTx, AlertParts> {
  return {
    log: createPostgresEventLog(tx),
    settings: createPostgresSettings(tx),
    sessions: createPostgresSessions(tx),
    leads: createPostgresLeads(tx),
    events: createPostgresEvents(tx),
    identity: createPostgresIdentity(tx),
    aliases: createPostgresAliases(tx),
  };
}
