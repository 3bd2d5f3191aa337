import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scoringSchema } from '../config.js';
import { compileRules } from '../rules/compile.js';
import { RULES_B } from '../../../test/support/replay-histories.js';
import { totalAndRules } from '../scoring/score.js';
import { replayLead, type ReplayAction, type ReplayEvent } from './replay.js';
import { createReplayer } from './fast-replay.js';

const T0 = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;
const rules = compileRules(scoringSchema.parse(RULES_B));

/**
 * One lead's log as rescore reads it, in seq order: views and careers pages (capped rules),
 * demo forms (high intent) and an identify, each with a timestamp anywhere in the lead's recent
 * past (so most arrive out of (ts, seq) order: late events by the dozen, and some with the very
 * timestamp of an earlier one), some attributed together by a later link.
 */
const leadLog = fc
  .array(
    fc.record({
      kind: fc.constantFrom('view', 'careers', 'demo', 'identify'),
      back: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 200 * HOUR }), fc.constantFrom(HOUR, 2 * HOUR)),
      linked: fc.boolean(),
    }),
    { minLength: 1, maxLength: 70 },
  )
  .map((specs) => {
    const events: ReplayEvent[] = [];
    const link = 1 + specs.length;
    specs.forEach((spec, i) => {
      const seq = i + 1;
      const ts = T0 + i * 6 * HOUR - spec.back;
      const base = { seq, name: null, ts, receivedAt: T0 + i * 6 * HOUR, attributedSeq: spec.linked && i % 3 === 0 ? link : null };
      if (spec.kind === 'view') events.push({ ...base, type: 'pageview', path: '/pricing', pageClass: 'pricing', props: {} });
      else if (spec.kind === 'careers') events.push({ ...base, type: 'pageview', path: '/careers', pageClass: 'careers', props: {} });
      else if (spec.kind === 'demo')
        events.push({
          ...base,
          type: 'form',
          name: 'demo',
          path: '/demo',
          pageClass: null,
          props: { form: { id: 'demo', fields: { budget: 'yes' } } },
        });
      else
        events.push({
          ...base,
          type: 'identify',
          path: null,
          pageClass: null,
          props: { email: 'p@acme.io', traits: { title: 'VP Sales' } },
        });
    });
    return events;
  });

/** The fast replay of one lead's log, to the bit the step-by-step replay's, 30 days after its last event. */
function expectFastEqualsSlow(replayer: ReturnType<typeof createReplayer>, events: ReplayEvent[]): void {
  const to = T0 + events.length * 6 * HOUR + 30 * 24 * HOUR;
  const slow = replayLead(rules, 'p@acme.io', events, [], to);
  const fast = replayer.replay('p@acme.io', events, [], to);
  expect(JSON.stringify(fast)).toBe(JSON.stringify(slow));
}

describe('fast replay', () => {
  it('re-folding from a late event’s own position gives the step-by-step replay, to the bit', () => {
    const replayer = createReplayer(rules);
    fc.assert(
      fc.property(fc.array(leadLog, { minLength: 1, maxLength: 4 }), (leads) => {
        // One replayer serves many leads: its buffers must not carry one lead's fold into the next.
        for (const events of leads) expectFastEqualsSlow(replayer, events);
      }),
      { numRuns: 150 },
    );
  });

  it('counts the paths each rule matched on as the step-by-step fold does: order, the cap on paths, the checkpoint, odd names', () => {
    // Up to 80 distinct paths (over the 50 kept), names that are an object's own or inherited keys, integer-like keys.
    const path = fc.oneof(
      fc.integer({ min: 0, max: 80 }).map((i) => `/p${i}`),
      fc.constantFrom('/pricing', 'toString', '__proto__', '12', 'x'),
    );
    const withPaths = fc
      .tuple(leadLog, fc.array(path, { minLength: 70, maxLength: 70 }), fc.boolean())
      .map(([events, paths, slashOnly]) =>
        events.map((e, i) => (e.path === null ? e : { ...e, path: slashOnly && !paths[i]!.startsWith('/') ? `/${paths[i]}` : paths[i]! })),
      );
    // More distinct paths for one rule (views) than are kept.
    const manyPaths = fc.array(fc.integer({ min: 0, max: 200 * HOUR }), { minLength: 52, maxLength: 64 }).map((backs) =>
      backs.map((back, i): ReplayEvent => ({
        seq: i + 1,
        type: 'pageview',
        name: null,
        ts: T0 + i * 6 * HOUR - back,
        receivedAt: T0 + i * 6 * HOUR,
        attributedSeq: null,
        path: `/p${i % 60}`,
        pageClass: null,
        props: {},
      })),
    );
    const replayer = createReplayer(rules);
    fc.assert(
      fc.property(fc.array(fc.oneof(withPaths, manyPaths), { minLength: 1, maxLength: 3 }), (leads) => {
        for (const events of leads) expectFastEqualsSlow(replayer, events);
      }),
      { numRuns: 150 },
    );
  });

  it('the lean outcome (backtests) is the full replay’s machine, history and totalAndRules, to the bit, with sales actions, under two rule sets', () => {
    const defaults = compileRules(scoringSchema.parse({}));
    const actions = fc.array(
      fc.record({
        action: fc.constantFrom('accepted', 'rejected', 'won', 'lost', 'reopen', 'not-an-action'),
        afterSeq: fc.integer({ min: 0, max: 72 }),
        hours: fc.integer({ min: 0, max: 72 * 6 }),
      }),
      { maxLength: 4 },
    );
    for (const ruleSet of [rules, defaults]) {
      // One replayer for both calls, alternately: the lean outcome must not leave the full replay a stale buffer, nor the reverse.
      const replayer = createReplayer(ruleSet);
      fc.assert(
        fc.property(leadLog, actions, (events, specs) => {
          const sales: ReplayAction[] = specs.map((a, id) => ({
            id: id + 1,
            at: T0 + a.hours * HOUR,
            action: a.action,
            afterSeq: a.afterSeq,
          }));
          const to = T0 + events.length * 6 * HOUR + 30 * 24 * HOUR;
          const lean = replayer.outcome('p@acme.io', events, sales, to);
          const full = replayer.replay('p@acme.io', events, sales, to)!;
          const expected = {
            machine: full.model.machine,
            transitions: full.transitions,
            ...totalAndRules(ruleSet, full.model.engagement, full.model.traits, to),
          };
          expect(JSON.stringify(lean)).toBe(JSON.stringify(expected));
        }),
        { numRuns: 150 },
      );
    }
  });
});
