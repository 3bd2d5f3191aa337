import { createHash } from 'node:crypto';
import type { NewEvent } from '../events/types.js';
import { derivedEventId } from './ids.js';

/**
 * Segment's identity calls in terms Kindling's identity understands. Kindling links a browser
 * (visitor) to a lead by an identify event carrying the lead's email; it never links two
 * visitors to each other. Segment says "these two ids are one person" in three ways: `alias`
 * (previousId → userId), and any message that carries both `anonymousId` and `userId`. So:
 *
 *  - every such pair is remembered (`segment_aliases`), both ways;
 *  - when one side of a pair is (or becomes) linked to a lead, each visitor connected to it
 *    through remembered pairs and on no lead yet gets an identify event with that lead's email —
 *    an ordinary event in the log, so a rescore replays the same links;
 *  - the userId side wins when both could: the previousId joins userId's lead.
 *  A visitor already on another lead is left there (people are never merged by an alias).
 *
 * Pure: lookups come in as functions; the caller supplies the database and the request's order.
 */
export type Pair = readonly [string, string];

export interface LinkLookup {
  /** The email of the lead a visitor is linked to now, or null. */
  emailOf(visitorId: string): Promise<string | null>;
  /** Visitors remembered as the same person. */
  neighbours(visitorId: string): Promise<readonly string[]>;
}

/** What a message says about identity, in request order. */
export type LinkIntent =
  /** The message linked these visitors to the lead of this email itself (identify with email). */
  | { kind: 'email'; visitorIds: readonly string[]; email: string; base: NewEvent }
  /** These two visitors are one person; `primary` (the userId side) wins. */
  | { kind: 'pair'; other: string; primary: string; base: NewEvent };

/** A connected group is bounded so one pathological id cannot fan out without end. */
export const MAX_CONNECTED = 50;

const suffixFor = (visitorId: string) => `l${createHash('sha256').update(visitorId).digest('base64url').slice(0, 10)}`;

export async function resolveLinks(intents: readonly LinkIntent[], lookup: LinkLookup): Promise<{ events: NewEvent[]; newPairs: Pair[] }> {
  const emails = new Map<string, string | null>();
  const added = new Map<string, Set<string>>();
  const newPairs: Pair[] = [];
  const events: NewEvent[] = [];

  const emailOf = async (v: string) => (emails.has(v) ? emails.get(v)! : await lookup.emailOf(v));
  const neighbours = async (v: string) => [...(await lookup.neighbours(v)), ...(added.get(v) ?? [])];
  /**
   * Walks the remembered pairs from `from`, linking every visitor on no lead yet to `email`.
   * It walks through visitors already on that lead but stops at a visitor on another lead: a
   * browser shared by two people must not pull one into the other (people are never merged).
   */
  const spread = async (from: string, email: string, base: NewEvent) => {
    const seen = new Set([from]);
    const queue = [from];
    while (queue.length) {
      const visitorId = queue.shift()!;
      const current = await emailOf(visitorId);
      if (current !== null && current !== email) continue;
      if (current === null) {
        emails.set(visitorId, email);
        events.push({
          ...base,
          eventId: derivedEventId(base.eventId, suffixFor(visitorId)),
          visitorId,
          type: 'identify',
          name: 'alias',
          props: { source: 'segment', email },
        });
      }
      for (const next of await neighbours(visitorId)) {
        if (seen.has(next) || seen.size >= MAX_CONNECTED) continue;
        seen.add(next);
        queue.push(next);
      }
    }
  };

  for (const intent of intents) {
    if (intent.kind === 'email') {
      for (const v of intent.visitorIds) emails.set(v, intent.email);
      for (const v of intent.visitorIds) await spread(v, intent.email, intent.base);
      continue;
    }
    const { other, primary, base } = intent;
    if (other === primary) continue;
    if (!(await neighbours(primary)).includes(other)) {
      newPairs.push([other, primary]);
      for (const [a, b] of [
        [other, primary],
        [primary, other],
      ] as const)
        added.set(a, new Set([...(added.get(a) ?? []), b]));
    }
    const email = (await emailOf(primary)) ?? (await emailOf(other));
    if (email) await spread(primary, email, base);
  }
  return { events, newPairs };
}
