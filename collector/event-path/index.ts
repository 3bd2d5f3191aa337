import type { Config } from '../config/index.js';
import type { Writer } from '../writer/index.js';
import type { EngineCore } from '../engine/projection/unit.js';
import { engineProjection } from '../engine/projection/index.js';
import { accountsProjection, accountErasureHandler } from '../accounts/projection.js';
import { accountAlertHandler } from '../accounts/alert.js';
import { enrichmentProjection } from '../enrichment/index.js';
import { aliasErasureHandler } from '../segment/alias-store.js';
import { createRoutingHandler } from '../routing/handler.js';
import { outboxHandlerFor } from '../alerts/outbox/index.js';
import type { QueuedSignal } from '../alerts/queued.js';

export interface EventPathParts {
  config: Config;
  /** The engine's compiled rules. */
  core: EngineCore;
  /** Whether enrichment lookups are queued in the events' transaction (a provider is configured). */
  enrichment: boolean;
  /** Marked by the handlers that queue outbox messages: the commit listener wakes the sender. */
  queued: QueuedSignal;
}

/**
 * Every projection and in-transaction domain handler, in their order, plugged into a writer. One
 * list for the collector's writer and for the writer thread's (`writer/thread`), so an event
 * stored on either is projected, routed and alerted the same way.
 */
export function plugEventPath(writer: Pick<Writer, 'use' | 'on'>, { config, core, enrichment, queued }: EventPathParts): void {
  writer.use(engineProjection(core));
  // Accounts: after the engine's projection (events are attributed to people by then), same transaction.
  writer.use(accountsProjection(core.rules, { ...config.accounts, halfLifeDays: config.scoring.halfLifeDays }));
  writer.on(accountErasureHandler);
  // Enrichment: lookups queued in the events' transaction (no provider call on the hot path), drained in the background.
  if (enrichment) writer.use(enrichmentProjection(config.enrichment!));
  writer.on(aliasErasureHandler);
  // Routing before the outbox: a lead's owner is chosen in the stage change's transaction, so its first alert goes to them.
  writer.on(createRoutingHandler(config.routing));
  writer.on(outboxHandlerFor(config, queued));
  writer.on(accountAlertHandler(config.publicUrl, queued.mark));
}
