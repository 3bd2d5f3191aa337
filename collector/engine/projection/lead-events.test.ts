import { describe, expect, it } from 'vitest';
import type { ScoringEvent } from '../rules/compile.js';
import type { EventsNeeded } from '../scoring/incremental.js';
import { neededEvents, type HeldEvents } from './lead-events.js';

const event = (seq: number): ScoringEvent => ({
  seq,
  type: 'pageview',
  name: null,
  ts: 1_000 + seq,
  path: '/',
  pageClass: null,
  props: {},
});

/** A log of one lead's events, counting its reads, that returns new arrays as the stores do. */
function fakeLog(stored: number[]) {
  const events = stored.map(event);
  const reads: string[] = [];
  return {
    reads,
    assign: (fresh: ScoringEvent[]) => events.push(...fresh),
    /** What the log holds from `seq` on, without counting a read. */
    holds: (seq: number) => events.filter((e) => e.seq >= seq),
    source: {
      forLead: async () => (reads.push('all'), events.filter(() => true)),
      forLeadFrom: async (_lead: number, seq: number) => (reads.push(`from ${seq}`), events.filter((e) => e.seq >= seq)),
    },
  };
}

const seqs = (events: readonly ScoringEvent[], from = Number.NEGATIVE_INFINITY) =>
  events
    .filter((e) => e.seq >= from)
    .map((e) => e.seq)
    .sort((a, b) => a - b);

describe('a lead’s events read once per transaction', () => {
  it('answers later reads from memory with the fresh events of every step since, as the log would', async () => {
    const log = fakeLog([1, 2, 5, 8]);
    let held: HeldEvents | null = null;
    const steps: [EventsNeeded, number[]][] = [
      [{ from: 'none' }, [10]], // nothing held yet: nothing to keep
      [{ from: 'seq', seq: 5 }, [11]], // read: 5, 8, 10, 11
      [{ from: 'none' }, [12]], // held, so 12 is added
      [{ from: 'seq', seq: 8 }, [13, 3]], // memory: 8, 10..13 (3, a prior below `from`, is not what the read asked)
      [{ from: 'seq', seq: 2 }, [14]], // below what is held: read again
      [{ from: 'all' }, [15]], // all: read again
      [{ from: 'seq', seq: 1 }, [16]], // memory
      [{ from: 'all' }, [17]], // memory
    ];
    const answers: number[][] = [];
    for (const [needed, fresh] of steps) {
      const events = fresh.map(event);
      log.assign(events); // the engine assigns an event to its lead before stepping it
      const got = await neededEvents(held, needed, events, log.source, 7);
      held = got.held;
      const from = needed.from === 'seq' ? needed.seq : Number.NEGATIVE_INFINITY;
      answers.push(needed.from === 'none' ? seqs(got.events) : seqs(got.events, from));
      // Whatever came from memory is exactly what the log holds now.
      if (needed.from !== 'none') expect(seqs(got.events, from)).toEqual(seqs(log.holds(from)));
      if (needed.from === 'none') expect(got.events).toEqual([]);
    }
    expect(log.reads).toEqual(['from 5', 'from 2', 'all']);
    expect(answers[3]).toEqual([8, 10, 11, 12, 13]);
    expect(answers[7]).toEqual([1, 2, 3, 5, 8, 10, 11, 12, 13, 14, 15, 16, 17]);
  });
});
