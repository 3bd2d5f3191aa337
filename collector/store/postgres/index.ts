import type { StoreTx } from '../port/index.js';
import type { SqlOrTx } from './connect.js';
import { createPostgresAlertStores } from './alerts.js';
import { createPostgresAliases } from './aliases.js';
import { createPostgresAccounts } from './accounts.js';
import { createPostgresEnrichment } from './enrichment.js';
import { createPostgresEventLog } from './event-log.js';
import { createPostgresEvents } from './events.js';
import { createPostgresIdentity } from './identity.js';
import { createPostgresLeads } from './leads.js';
import { createPostgresSessions } from './sessions.js';
import { createPostgresSettings } from './settings.js';
import { createPostgresOutcomes } from './outcomes.js';
import { createPostgresRouting } from './routing.js';
import { createPostgresSpend } from './spend.js';
import { createPostgresTeamStores } from './team.js';

/**
 * Every part of one PostgreSQL unit of work, bound to its transaction: the event log, settings,
 * sessions, the engine's leads, events, identity and Segment aliases, the alert and the team stores. The
 * store runs a unit through `inTransaction` (retried whole on 40001/40P01) and binds these to its
 * transaction, so a unit's statements all run on that one connection.
 */
export function postgresUnitParts(tx: SqlOrTx): StoreTx {
  return {
    log: createPostgresEventLog(tx),
    settings: createPostgresSettings(tx),
    sessions: createPostgresSessions(tx),
    leads: createPostgresLeads(tx),
    events: createPostgresEvents(tx),
    identity: createPostgresIdentity(tx),
    aliases: createPostgresAliases(tx),
    accounts: createPostgresAccounts(tx),
    enrichment: createPostgresEnrichment(tx),
    ...createPostgresAlertStores(tx),
    routing: createPostgresRouting(tx),
    outcomes: createPostgresOutcomes(tx),
    spend: createPostgresSpend(tx),
    ...createPostgresTeamStores(tx),
  };
}
