import type { Config } from '../config/index.js';
import { readContext } from '../api/leads/item.js';
import { newMessageId } from '../alerts/ids.js';
import type { DigestPayload } from '../alerts/payload/email.js';
import { isMailto } from '../alerts/sender/mail-transport.js';
import { digestSections, isEmpty } from './digest-content.js';
import { startFleetRounds, type RoundDeps } from './rounds.js';

/**
 * The daily digest (opt-in, `/api/me/alerts` field `digest`): from `team.digest.hour` o'clock in
 * the team's time zone, each subscriber gets one email for the day through their email channel (the
 * outbox, so retries and the delivery log apply). Once per fleet: the round runs on one collector
 * at a time (`fleet.runOnce`), and the (user, day) mark is written in the transaction that queues
 * the message, so two collectors never both send it. A day with nothing to say sends nothing (as
 * HubSpot's digests do) but is still marked, so the next digest covers the time since this one.
 */

export interface DigestDeps extends RoundDeps {
  config: Pick<Config, 'team' | 'dashboard' | 'publicUrl'>;
}

const HOUR_MS = 3_600_000;
/** A first digest covers the day before it. */
const FIRST_WINDOW_MS = 24 * HOUR_MS;

/** The calendar day (YYYY-MM-DD) and hour (0–23) of an instant in a time zone. */
export function localDayHour(at: number, timeZone: string): { day: string; hour: number } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)!.value;
  return { day: `${part('year')}-${part('month')}-${part('day')}`, hour: Number(part('hour')) };
}

export interface DigestRound {
  /** Digests queued for sending. */
  sent: number;
  /** Days marked without an email (nothing to say). */
  quiet: number;
}

/** One round at `clock()`: every subscriber whose digest of the local day is due and not yet settled. */
export async function digestRound(deps: DigestDeps): Promise<DigestRound> {
  const { config, writer, reads, clock } = deps;
  const now = clock();
  const { day, hour } = localDayHour(now, config.team.timeZone);
  const done: DigestRound = { sent: 0, quiet: 0 };
  if (hour < config.team.digest.hour) return done;
  const rc = await readContext(reads, deps.rules(), now, config.dashboard.slaHours * HOUR_MS);
  for (const userId of await writer.transact((tx) => tx.routing.digestSubscribers())) {
    const due = await writer.transact(async (tx) => {
      const user = await tx.users.get(userId);
      if (!user || user.removedAt !== null) return null;
      const last = await tx.routing.lastDigest(userId);
      if (last?.day === day) return null;
      // The digest is an email: a user without an email channel (or with one the sender disabled) gets none.
      const channel = (await tx.endpoints.listOfUser(userId)).find((e) => e.enabled && isMailto(e.url));
      return channel ? { user, channel, since: last?.at ?? now - FIRST_WINDOW_MS } : null;
    });
    if (!due) continue;
    // Sales reads its own leads; admins and marketing the team's.
    const scope = due.user.role === 'sales' ? 'own' : 'team';
    const sections = await digestSections(rc, config.publicUrl, { since: due.since, until: now }, scope === 'own' ? userId : null);
    const outcome = await writer.transact(async (tx) => {
      if (!(await tx.routing.claimDigest(userId, day, now))) return null;
      if (isEmpty(sections)) return 'quiet' as const;
      const id = newMessageId(tx.now);
      const payload: DigestPayload = {
        type: 'digest',
        id,
        time: new Date(now).toISOString(),
        day,
        scope,
        ...sections,
        link: `${config.publicUrl}/`,
      };
      await tx.messages.insert({
        id,
        endpointId: due.channel.id,
        type: 'digest',
        leadId: null,
        body: JSON.stringify(payload),
        status: 'pending',
        nextAttemptAt: tx.now,
        createdAt: tx.now,
      });
      return 'sent' as const;
    });
    if (outcome) done[outcome] += 1;
  }
  if (done.sent) deps.wake();
  return done;
}

/** Runs a round every `team.digest.checkEverySeconds`, once per fleet; returns the stopper. */
export function startDigest(deps: DigestDeps, intervalMs = deps.config.team.digest.checkEverySeconds * 1000): () => void {
  return startFleetRounds('digest', deps, () => digestRound(deps), intervalMs);
}
