import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../db/index.js';
import {
  histories,
  rescoreEqualsAlways,
  RULES_A,
  RULES_B,
  run,
  snapshot,
  T0,
  type Command,
} from '../../../test/support/replay-histories.js';
import { engineHarness } from '../../../test/support/engine.js';
import type { Writer } from '../../writer/index.js';
import { scoringSchema } from '../config.js';
import { compileRules } from '../rules/compile.js';
import { TIMER_LAG_MS } from '../index.js';
import { rescoreAll } from './index.js';
import { expectRolledUp, rescoreFailingAfterFirstChunk } from '../../../test/support/company-rollups.js';

/** The rescore worker replays a read-only snapshot of the SQLite file, off the collector's thread. */
describe('ingest equals replay, in the rescore worker', () => {
  it('a rescore in the worker (database file) after a rule change writes the same rows as the new rules all along', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindling-rescore-worker-'));
    let n = 0;
    try {
      await fc.assert(
        fc.asyncProperty(histories(false), async (commands) => {
          const db = openDatabase(join(dir, `run-${n++}.db`));
          try {
            // Two workers over chunks of 3 leads, the changes written one lead per transaction: the split and the slices are exercised.
            const result = await rescoreEqualsAlways(commands, { db }, { workers: 2, chunkLeads: 3, applyLeads: 1 });
            expect(result.inWorker).toBe(true);
          } finally {
            db.close();
          }
        }),
        { numRuns: 10 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

/**
 * The main thread writes the worker's changed leads several per writer transaction; a lead that
 * moved on between the worker's snapshot and that transaction must be replayed again on what is
 * stored then, whatever its place in the slice — and the others of its slice still written.
 */
describe('the worker’s changes written several leads per transaction', () => {
  /** New events for every visitor (so for every lead), then a sweep: sent while the rescore waits to write. */
  const moveOn: Command[] = [
    ...['v1', 'v2', 'v3', 'v4'].map((visitor) => ({
      kind: 'view' as const,
      visitor,
      page: ['/pricing', 'pricing'] as [string, string | null],
      lateDays: 0,
    })),
    { kind: 'wait', ms: 60_000 },
  ];

  /**
   * Found by a random run: cat@gmail.com's lead gets, under RULES_B only, a timer due 1 ms after the
   * snapshot's moment, which the sweep in `moveOn` reaches while the worker's replay stopped before
   * it. Its stored model does not move (RULES_A has no such timer), so only the timer's being due
   * tells the write that the worker's row is behind.
   */
  const timerDueDuringTheRescore: Command[] = [
    { kind: 'identify', visitor: 'v1', email: 'cat@gmail.com', traits: {} },
    { kind: 'view', visitor: 'v1', page: ['/pricing', 'pricing'], lateDays: 0 },
    { kind: 'identify', visitor: 'v1', email: 'ann@acme.io', traits: {} },
    { kind: 'burst', visitor: 'v1', lateMs: [0, 0] },
    { kind: 'action', email: 'ann@acme.io', action: 'accepted' },
    { kind: 'view', visitor: 'v1', page: ['/pricing', 'pricing'], lateDays: 0 },
    { kind: 'action', email: 'ann@acme.io', action: 'accepted' },
    { kind: 'view', visitor: 'v1', page: ['/pricing', 'pricing'], lateDays: 0 },
  ];

  it('a lead changed after the snapshot is replayed again, in slices of 1, 2 and 3 leads alike', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindling-rescore-apply-'));
    let n = 0;
    let requeued = 0;
    try {
      await fc.assert(
        fc.asyncProperty(histories(false), fc.constantFrom(1, 2, 3), async (commands, applyLeads) => {
          const db = openDatabase(join(dir, `run-${n++}.db`));
          const before = await engineHarness(RULES_A, { now: T0, db });
          const always = await engineHarness(RULES_B, { now: T0 });
          try {
            await run(before, commands);
            await before.writer.close();
            await run(always, [...commands, ...moveOn]);
            const after = await engineHarness(RULES_B, { now: before.clock.now, store: before.store });
            // The first transaction after the rank rebase is the first slice of the worker's changes: the leads move on just before it.
            let transactions = 0;
            const writer: Writer = {
              ...after.writer,
              transact: async (job) => {
                if (++transactions === 2) await run(after, moveOn);
                return after.writer.transact(job);
              },
            };
            const scoring = scoringSchema.parse(RULES_B);
            const result = await rescoreAll({ rules: compileRules(scoring) }, writer, {
              scoring,
              snapshotPath: db.name,
              workers: 1,
              chunkLeads: 3,
              applyLeads,
              lagMs: TIMER_LAG_MS,
            });
            await after.close();
            requeued += result.requeued;
            expect(await snapshot(before, 4, always.clock.now)).toEqual(await snapshot(always, 4, always.clock.now));
          } finally {
            await always.close();
            await before.close();
            db.close();
          }
        }),
        { numRuns: 12, examples: [[timerDueDuringTheRescore, 1]] },
      );
      // The runs did exercise the path (leads changed under the snapshot and were replayed again).
      expect(requeued).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

/**
 * The worker's changed leads are written slice by slice and their companies rolled up once at the
 * end: when the rescore fails midway (a worker dies, a chunk fails), the companies of the leads
 * already written must still be rolled up, or their figures stay stale against their people.
 */
describe('company roll-ups when a worker rescore fails midway', () => {
  it('rolls up the companies of the leads written before the failure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindling-rescore-rollups-'));
    const db = openDatabase(join(dir, 'rollups.db'));
    try {
      const { untouched, stored, fresh } = await rescoreFailingAfterFirstChunk({ db }, { workers: 1, chunkLeads: 2, applyLeads: 1 });
      expectRolledUp(stored, fresh);
      // The first chunk's slices did change alpha.io's people (else the check above proves nothing).
      const alpha = (list: typeof stored) => list.find((c) => c.domain === 'alpha.io')!.sumRank;
      expect(alpha(fresh)).not.toBeCloseTo(alpha(untouched), 3);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
