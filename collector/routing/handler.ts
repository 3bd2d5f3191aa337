import { STAGES, type DomainEvent, type Stage } from '../events/domain.js';
import type { User } from '../store/port/team.js';
import type { DomainHandler, TxContext } from '../writer/index.js';
import type { RoutingConfig } from './config.js';
import { roundRobinPick, routeCandidates, type Candidate } from './rules.js';

/**
 * Routing as an in-transaction domain handler: when a lead first reaches the routing stage, its
 * owner is chosen and recorded in the very transaction that records the stage change (the
 * engine's unit), so the alert outbox — registered after this handler — already sees the owner,
 * and no collector ever sees the lead at that stage without one.
 */

const rank = (stage: Stage) => STAGES.indexOf(stage);
/** The round-robin counter's row. */
export const ROUND_ROBIN = 'round-robin';

/** Can own leads: not removed (removed users are not returned by `byEmail`/`list`; `get` returns them). */
const canOwn = (user: User | null): user is User => user !== null && user.removedAt === null;

async function resolve(ctx: TxContext, candidate: Candidate): Promise<number | null> {
  switch (candidate.how) {
    case 'account': {
      const user = await ctx.users.get(candidate.userId);
      return canOwn(user) ? user.id : null;
    }
    case 'round-robin': {
      const available = (await ctx.users.list()).filter((u) => u.role === 'sales' && u.available).map((u) => u.id);
      // Only a turn actually taken moves the counter.
      return available.length ? roundRobinPick(available, await ctx.routing.nextTurn(ROUND_ROBIN)) : null;
    }
    default: {
      const user = await ctx.users.byEmail(candidate.email);
      return canOwn(user) ? user.id : null;
    }
  }
}

/** Chooses and records a lead's owner (routing); returns it, or null when no candidate names a user. */
export async function routeLead(ctx: TxContext, config: RoutingConfig, leadId: number, at: number): Promise<number | null> {
  const facts = await ctx.routing.leadFacts(leadId);
  const accountOwner = facts.domain ? await ctx.routing.accountOwner(facts.domain) : null;
  for (const candidate of routeCandidates(config, facts, accountOwner)) {
    const userId = await resolve(ctx, candidate);
    if (userId === null) continue;
    await ctx.routing.assign(leadId, userId, at, candidate.how, null);
    if (facts.domain) await ctx.routing.claimAccount(facts.domain, userId, at);
    // Not awaited: the event's handlers run after this handler's (awaiting here would wait on ourselves).
    void ctx.emit({ type: 'lead.updated', at, leadId });
    return userId;
  }
  return null;
}

export function createRoutingHandler(config: RoutingConfig): DomainHandler {
  const stage = rank(config.stage);
  return async (ctx: TxContext, event: DomainEvent) => {
    if (event.type !== 'lead.stage_changed' || event.direction !== 'up') return;
    if (rank(event.from) >= stage || rank(event.to) < stage) return;
    // Only the first time: a lead that falls back and climbs again keeps its owner, and one
    // whose owner was taken away by hand stays unowned.
    if ((await ctx.routing.ownerOf(event.leadId)) !== null || (await ctx.routing.history(event.leadId)).length) return;
    await routeLead(ctx, config, event.leadId, event.at);
  };
}
