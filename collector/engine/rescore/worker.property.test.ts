import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../db/index.js';
import { histories, rescoreEqualsAlways } from '../../../test/support/replay-histories.js';

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
