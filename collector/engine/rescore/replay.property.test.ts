import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { engineHarness } from '../../../test/support/engine.js';
import { histories, RULES_A, RULES_B, rescoreEqualsAlways, run, snapshot, T0 } from '../../../test/support/replay-histories.js';
import { replayLead } from './replay.js';
import { createReplayer } from './fast-replay.js';

/**
 * The engine's central promise, checked on random histories through the real writer, on the run's
 * store (SQLite, and PostgreSQL in the postgres project: issue 14 point 2): the state ingest
 * builds step by step (incremental scoring, stages, sweeps, sales actions) equals what a full
 * replay of the log builds, and a rescore after a rule change equals having had the new rules all
 * along. The rescore worker on a SQLite file: worker.property.test.ts.
 */
/** Dozens of histories each: on PostgreSQL about 15 s a property on an idle machine. */
const PROPERTY_TIMEOUT_MS = 120_000;

describe('ingest equals replay', () => {
  it(
    'rescoring under unchanged rules changes nothing, for random histories',
    async () => {
      await fc.assert(
        fc.asyncProperty(histories(true), async (commands) => {
          const h = await engineHarness(RULES_A, { now: T0 });
          try {
            await run(h, commands);
            const live = await snapshot(h, 10, h.clock.now);
            const result = await h.engine.rescore();
            expect(result.stageChanges).toBe(0);
            expect(await snapshot(h, 10, h.clock.now)).toEqual(live);
          } finally {
            await h.close();
          }
        }),
        { numRuns: 40 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'a rescore after a rule change gives the state the new rules would have built all along',
    async () => {
      await fc.assert(
        fc.asyncProperty(histories(false), async (commands) => {
          await rescoreEqualsAlways(commands);
        }),
        { numRuns: 40 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'the fast replay rescore and backtest use equals the step-by-step replay, to the bit',
    async () => {
      await fc.assert(
        fc.asyncProperty(histories(true, 60), async (commands) => {
          const h = await engineHarness(RULES_B, { now: T0 });
          try {
            await run(h, commands);
            const replayer = createReplayer(h.engine.rules);
            const to = h.clock.now - 5000;
            // The leads' replay inputs as rescore reads them, through the port.
            for (const lead of await h.store.transaction((tx) => tx.leads.inputs(0, 100))) {
              const slow = replayLead(h.engine.rules, lead.row.email, lead.events, lead.actions, to);
              const fast = replayer.replay(lead.row.email, lead.events, lead.actions, to);
              expect(JSON.stringify(fast)).toBe(JSON.stringify(slow));
            }
          } finally {
            await h.close();
          }
        }),
        { numRuns: 60 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
