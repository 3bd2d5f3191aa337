import { FIXED_CAUSES, STAGES, type DomainEvent, type Stage } from '../../events/domain.js';
import type { DomainHandler, TxContext } from '../../writer/index.js';
import { stageAlertEvent, type AlertEvent } from '../events.js';
import { newMessageId } from '../ids.js';
import { buildPayload, renderBody, type AlertSource, type PayloadOptions } from '../payload/index.js';
import type { AlertStore, Endpoint } from '../store/index.js';

/**
 * The transactional outbox: an in-transaction domain handler. The outbox rows for a stage
 * change are inserted by the same SQLite transaction that records the change, so there is never
 * a stage change without its alert, nor an alert for a change that rolled back.
 */

const rank = (stage: Stage) => STAGES.indexOf(stage);

/** Stages entered by moving up from `from` to `to`, lowest first, that can alert. */
export function stagesCrossed(from: Stage, to: Stage): Stage[] {
  return STAGES.slice(rank(from) + 1, rank(to) + 1).filter((s) => stageAlertEvent(s) !== null);
}

type Handlers = { [T in DomainEvent['type']]?: (ctx: TxContext, event: Extract<DomainEvent, { type: T }>) => void };

export interface OutboxOptions extends PayloadOptions {
  alertOnRescore: boolean;
}

export function createOutboxHandler(store: AlertStore, options: OutboxOptions): DomainHandler {
  /**
   * Stage messages written by the running transaction, per endpoint and lead. Several crossings
   * inside one commit (lead → near-SQL → SQL in one batch) are one change to the outside world:
   * the last one an endpoint subscribes to replaces the others.
   */
  const written = new WeakMap<TxContext, Map<number, Map<number, string>>>();
  /** This transaction's stage message ids for a lead, by endpoint id. */
  function writtenFor(ctx: TxContext, leadId: number): Map<number, string> {
    const byLead = written.get(ctx) ?? written.set(ctx, new Map()).get(ctx)!;
    return byLead.get(leadId) ?? byLead.set(leadId, new Map()).get(leadId)!;
  }

  function enqueue(ctx: TxContext, endpoint: Endpoint, type: AlertEvent, event: AlertSource): string {
    const id = newMessageId(ctx.now);
    store.messages.insert({
      id,
      endpointId: endpoint.id,
      type,
      leadId: event.leadId,
      body: renderBody(endpoint.format, buildPayload(type, id, event, options)),
      status: 'pending',
      nextAttemptAt: ctx.now,
      createdAt: ctx.now,
    });
    return id;
  }

  const handlers: Handlers = {
    'lead.stage_changed'(ctx, event) {
      if (event.direction === 'down') {
        // Fell back (the engine applies the hysteresis band): the stages above may alert again.
        for (const stage of STAGES.slice(rank(event.to) + 1)) store.latches.release(event.leadId, stage);
        return;
      }
      const fresh = stagesCrossed(event.from, event.to).filter((stage) => store.latches.cross(event.leadId, stage, event.at));
      if (!fresh.length || (event.cause === FIXED_CAUSES.rescore && !options.alertOnRescore)) return;
      const events = fresh.map((stage) => stageAlertEvent(stage)!);
      const mine = writtenFor(ctx, event.leadId);
      for (const endpoint of store.endpoints.listEnabled()) {
        // One message per endpoint per crossing: the highest stage it subscribes to.
        const type = events.filter((e) => endpoint.events.includes(e)).at(-1);
        if (!type) continue;
        const earlier = mine.get(endpoint.id);
        if (earlier) store.messages.remove(earlier);
        mine.set(endpoint.id, enqueue(ctx, endpoint, type, event));
      }
    },
    'lead.disposition_changed'(ctx, event) {
      for (const endpoint of store.endpoints.listEnabled()) {
        if (endpoint.events.includes('lead.disposition_changed')) enqueue(ctx, endpoint, 'lead.disposition_changed', event);
      }
    },
    'lead.erased'(_ctx, event) {
      // Payloads carry the person's data: erasure removes pending and past alerts alike.
      store.messages.deleteForLead(event.leadId);
      store.latches.releaseLead(event.leadId);
    },
  };

  return (ctx, event) => (handlers[event.type] as ((ctx: TxContext, event: DomainEvent) => void) | undefined)?.(ctx, event);
}

/** True for domain events that may have put rows in the outbox: the commit listener wakes the sender on them. */
export const mayEnqueue = (event: DomainEvent) => event.type === 'lead.stage_changed' || event.type === 'lead.disposition_changed';
