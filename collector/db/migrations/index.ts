import type { Migration } from '../migrations.js';
import { coreMigration } from './001-core.js';
import { dashboardMigration } from './004-dashboard.js';
import { engineMigration } from './002-engine.js';
import { alertsMigration } from './003-alerts.js';
import { segmentMigration } from './005-segment.js';
import { eventsReceivedMigration } from './006-events-received.js';
import { accountsMigration } from './008-accounts.js';
import { teamMigration } from './007-team.js';
import { routingMigration } from './010-routing.js';
import { kpisMigration } from './009-kpis.js';
import { enrichmentMigration } from './013-enrichment.js';
import { spendMigration } from './011-spend.js';
import { digestMigration } from './012-digest.js';

/**
 * Every schema step, in order; a step's version is its position in this list (file names are the
 * names reserved while the work ran in parallel, so they do not all match):
 * 1 core (events, visitors) · 2 engine (leads, links, traits, scores, stages)
 * 3 alerts (endpoints, outbox, attempts) · 4 dashboard (sessions) · 5 segment / backtest
 * 6 events: drop the received_at index · 7 accounts · 8 team (users, links, API keys, audit)
 * 9 routing (owners, personal channels, follow-up marks) · 10 kpis (CRM outcomes: action source, CRM ids)
 * 11 enrichment (lookup queue, budget) · 12 spend (marketing spend per month) · 13 digest (stage changes by time).
 */
export const migrations: readonly Migration[] = [
  coreMigration,
  engineMigration,
  alertsMigration,
  dashboardMigration,
  segmentMigration,
  eventsReceivedMigration,
  accountsMigration,
  teamMigration,
  routingMigration,
  kpisMigration,
  enrichmentMigration,
  spendMigration,
  digestMigration,
];
