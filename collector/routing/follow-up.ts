import type { Config } from '../config/index.js';
import { leadDetail } from '../api/leads/detail.js';
import { readContext } from '../api/leads/item.js';
import { newMessageId } from '../alerts/ids.js';
import { buildOverduePayload, type PayloadOptions } from '../alerts/payload/index.js';
import { renderBody } from '../alerts/payload/render.js';
import type { Endpoint } from '../store/port/alerts.js';
import type { FollowUpMark, OverdueLead } from '../store/port/routing.js';
import type { TxContext } from '../writer/index.js';
import { startFleetRounds, type RoundDeps } from './rounds.js';

/**
 * The follow-up deadline with teeth: an SQL nobody acted on within dashboard.slaHours reminds its
 * owner once (their channels subscribed to lead.overdue; the team's endpoints when it has no
 * owner), and after `escalateAfterHours` more the admin's chosen escalation hears of it (a user's
 * channels, or the team's endpoints subscribed to lead.overdue). One collector of the fleet runs a
 * round at a time (`fleet.runOnce`), and each reminder is settled by its mark's primary key in the
 * transaction that queues its messages, so a reminder happens once even if two rounds overlap.
 */

export interface FollowUpDeps extends RoundDeps {
  config: Pick<Config, 'routing' | 'dashboard' | 'publicUrl' | 'webhooks'>;
}

/** Leads handled per step of a round; the next round takes the rest. */
const BATCH = 100;
const HOUR_MS = 3_600_000;

/** What each step sends and to whom. */
const STEPS: { mark: FollowUpMark; step: 'reminder' | 'escalation' }[] = [
  { mark: 'reminded', step: 'reminder' },
  { mark: 'escalated', step: 'escalation' },
];

async function recipients(tx: TxContext, deps: FollowUpDeps, mark: FollowUpMark, lead: OverdueLead): Promise<Endpoint[]> {
  const overdue = (e: Endpoint) => e.enabled && e.events.includes('lead.overdue');
  const team = async () => (await tx.endpoints.listEnabled()).filter(overdue);
  if (mark === 'reminded') return lead.ownerId === null ? team() : (await tx.endpoints.listOfUser(lead.ownerId)).filter(overdue);
  const to = deps.config.routing.followUp.escalateTo;
  if (to === 'team') return team();
  const manager = await tx.users.byEmail(to);
  // The admin chose this person: every channel of theirs, whatever events they picked for themselves.
  return manager ? (await tx.endpoints.listOfUser(manager.id)).filter((e) => e.enabled) : team();
}

/** One round: reminders then escalations due at `clock()`. Returns how many of each were queued. */
export async function followUpRound(deps: FollowUpDeps): Promise<{ reminded: number; escalated: number }> {
  const { config, writer, reads, clock } = deps;
  const now = clock();
  const slaMs = config.dashboard.slaHours * HOUR_MS;
  const escalateMs = config.routing.followUp.escalateAfterHours * HOUR_MS;
  const cutoffs: Record<FollowUpMark, number | null> = {
    reminded: config.routing.followUp.remindOwner ? now - slaMs : null,
    escalated: escalateMs > 0 ? now - slaMs - escalateMs : null,
  };
  const options: PayloadOptions = { publicUrl: config.publicUrl, maxReasons: config.webhooks.maxReasons };
  const rc = await readContext(reads, deps.rules(), now, slaMs);
  const done = { reminded: 0, escalated: 0 };
  for (const { mark, step } of STEPS) {
    const cutoff = cutoffs[mark];
    if (cutoff === null) continue;
    const due = await writer.transact((tx) => tx.routing.overdueWithout(mark, cutoff, BATCH));
    for (const lead of due) {
      // The lead as the page shows it (reasons in words), read before the write that settles the mark.
      const detail = await leadDetail(rc, lead.leadId);
      if (!detail) continue;
      const queued = await writer.transact(async (tx) => {
        if (!(await tx.routing.mark(lead.leadId, lead.sqlSince, mark, tx.now))) return 0;
        const owner = lead.ownerId === null ? null : ((await tx.users.get(lead.ownerId))?.email ?? null);
        for (const endpoint of await recipients(tx, deps, mark, lead)) {
          const id = newMessageId(tx.now);
          const payload = buildOverduePayload(
            id,
            tx.now,
            { step, sqlSince: new Date(lead.sqlSince).toISOString(), owner },
            detail.lead,
            detail.score.reasons,
            options,
          );
          await tx.messages.insert({
            id,
            endpointId: endpoint.id,
            type: 'lead.overdue',
            leadId: lead.leadId,
            body: renderBody(endpoint.format, payload),
            status: 'pending',
            nextAttemptAt: tx.now,
            createdAt: tx.now,
          });
        }
        return 1;
      });
      done[mark] += queued;
    }
  }
  if (done.reminded || done.escalated) deps.wake();
  return done;
}

/** Runs a round every `checkEverySeconds`, once per fleet; returns the stopper. */
export function startFollowUp(deps: FollowUpDeps, intervalMs = deps.config.routing.followUp.checkEverySeconds * 1000): () => void {
  return startFleetRounds('follow-up', deps, () => followUpRound(deps), intervalMs);
}
