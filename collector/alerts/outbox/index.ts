import { FIXED_CAUSES, STAGES, type DomainEvent, type Stage } from '../../events/domain.js';
import type { DomainHandler, TxContext } from '../../writer/index.js';
import { NURTURE_STAGE, stageAlertEvent, type AlertEvent } from '../events.js';
import { newMessageId } from '../ids.js';
import { buildPayload, type AlertSource, type PayloadOptions } from '../payload/index.js';
import { renderBody } from '../payload/render.js';
import type { Endpoint } from '../../store/port/alerts.js';
import type { Config } from '../../config/index.js';
import type { QueuedSignal } from '../queued.js';

/**
 * The transactional outbox: an in-transaction domain handler. The outbox rows for a stage
 * change are inserted through the storage port (`tx.messages`, `tx.latches`) in the transaction that records the change, so there is never
 * a stage change without its alert, nor an alert for a change that rolled back.
 */

const rank = (stage: Stage) => STAGES.indexOf(stage);

/** Stages entered by moving up from `from` to `to`, lowest first, that can alert. */
export function stagesCrossed(from: Stage, to: Stage): Stage[] {
  return STAGES.slice(rank(from) + 1, rank(to) + 1).filter((s) => stageAlertEvent(s) !== null);
}

type StageChange = Extract<DomainEvent, { type: 'lead.stage_changed' }>;
type Handlers = { [T in DomainEvent['type']]?: (ctx: TxContext, event: Extract<DomainEvent, { type: T }>) => Promise<void> };

export interface OutboxOptions extends PayloadOptions {
  alertOnRescore: boolean;
  /** Told after each message inserted, so the commit listener wakes the sender only when there is news. */
  onQueued?: () => void;
}

export function createOutboxHandler(options: OutboxOptions): DomainHandler {
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

  async function enqueue(ctx: TxContext, endpoint: Endpoint, type: AlertEvent, event: AlertSource): Promise<string> {
    const id = newMessageId(ctx.now);
    await ctx.messages.insert({
      id,
      endpointId: endpoint.id,
      type,
      leadId: event.leadId,
      body: renderBody(endpoint.format, buildPayload(type, id, event, options)),
      status: 'pending',
      nextAttemptAt: ctx.now,
      createdAt: ctx.now,
    });
    options.onQueued?.();
    return id;
  }

  /**
   * Falls written by the running transaction, per lead and endpoint. A sweep catching up, or a
   * rejection, can move a lead down more than once in one commit: that is one fall to the outside
   * world, from the first stage to the last, and the newest row replaces the earlier one.
   */
  const falls = new WeakMap<TxContext, Map<number, { rejected: boolean; byEndpoint: Map<number, { id: string; from: Stage }> }>>();
  function fallsFor(ctx: TxContext, leadId: number) {
    const byLead = falls.get(ctx) ?? falls.set(ctx, new Map()).get(ctx)!;
    return byLead.get(leadId) ?? byLead.set(leadId, { rejected: false, byEndpoint: new Map() }).get(leadId)!;
  }

  /**
   * Who hears about a lead: its owner's enabled personal channels when it has an owner with any
   * (each channel subscribes to its own events), else the team's endpoints as without routing.
   */
  async function recipientsOf(ctx: TxContext, leadId: number): Promise<Endpoint[]> {
    const owner = await ctx.routing.ownerOf(leadId);
    const personal = owner === null ? [] : (await ctx.endpoints.listOfUser(owner)).filter((e) => e.enabled);
    return personal.length ? personal : ctx.endpoints.listEnabled();
  }

  const muted = (event: StageChange) => event.cause === FIXED_CAUSES.rescore && !options.alertOnRescore;

  async function fellBack(ctx: TxContext, event: StageChange): Promise<void> {
    // Fell back (the engine applies the hysteresis band): the stages above may alert again.
    for (const stage of STAGES.slice(rank(event.to) + 1)) await ctx.latches.release(event.leadId, stage);
    if (muted(event)) return;
    const mine = fallsFor(ctx, event.leadId);
    for (const endpoint of await recipientsOf(ctx, event.leadId)) {
      const earlier = mine.byEndpoint.get(endpoint.id);
      const move = earlier ? { ...event, from: earlier.from } : event;
      // One message per endpoint per fall: back to nurture when it asks for that and the fall is one.
      const nurture = move.to === NURTURE_STAGE || mine.rejected;
      const types: AlertEvent[] = nurture ? ['lead.returned_to_nurture', 'lead.fell_back'] : ['lead.fell_back'];
      const type = types.find((t) => endpoint.events.includes(t));
      if (!type) continue;
      if (earlier) await ctx.messages.remove(earlier.id);
      mine.byEndpoint.set(endpoint.id, { id: await enqueue(ctx, endpoint, type, move), from: move.from });
    }
  }

  async function enqueueSubscribed(ctx: TxContext, type: AlertEvent, event: AlertSource): Promise<void> {
    for (const endpoint of await recipientsOf(ctx, event.leadId))
      if (endpoint.events.includes(type)) await enqueue(ctx, endpoint, type, event);
  }

  const handlers: Handlers = {
    async 'lead.stage_changed'(ctx, event) {
      if (event.direction === 'down') return fellBack(ctx, event);
      if (event.from === 'visitor' && !muted(event)) await enqueueSubscribed(ctx, 'lead.created', event);
      const fresh: Stage[] = [];
      for (const stage of stagesCrossed(event.from, event.to))
        if (await ctx.latches.cross(event.leadId, stage, event.at)) fresh.push(stage);
      if (!fresh.length || muted(event)) return;
      const events = fresh.map((stage) => stageAlertEvent(stage)!);
      const mine = writtenFor(ctx, event.leadId);
      for (const endpoint of await recipientsOf(ctx, event.leadId)) {
        // One message per endpoint per crossing: the highest stage it subscribes to.
        const type = events.filter((e) => endpoint.events.includes(e)).at(-1);
        if (!type) continue;
        const earlier = mine.get(endpoint.id);
        if (earlier) await ctx.messages.remove(earlier);
        mine.set(endpoint.id, await enqueue(ctx, endpoint, type, event));
      }
    },
    async 'lead.disposition_changed'(ctx, event) {
      // The engine reports a rejection before the stage fall it causes: that fall is back to nurture.
      if (event.to === 'rejected') fallsFor(ctx, event.leadId).rejected = true;
      await enqueueSubscribed(ctx, 'lead.disposition_changed', event);
    },
    async 'lead.erased'(ctx, event) {
      // Payloads carry the person's data: erasure removes pending and past alerts alike.
      await ctx.messages.deleteForLead(event.leadId);
      await ctx.latches.releaseLead(event.leadId);
    },
  };

  return async (ctx, event) => {
    await (handlers[event.type] as ((ctx: TxContext, event: DomainEvent) => Promise<void>) | undefined)?.(ctx, event);
  };
}

/** The outbox handler under the configured `webhooks` settings, marking `queued` for the sender's wake. */
export function outboxHandlerFor(config: Pick<Config, 'publicUrl' | 'webhooks'>, queued: QueuedSignal): DomainHandler {
  return createOutboxHandler({
    publicUrl: config.publicUrl,
    maxReasons: config.webhooks.maxReasons,
    alertOnRescore: config.webhooks.alertOnRescore,
    onQueued: queued.mark,
  });
}
