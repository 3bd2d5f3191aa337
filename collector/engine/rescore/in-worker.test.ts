import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../db/index.js';
import { engineHarness, events } from '../../../test/support/engine.js';
import { scoringSchema } from '../config.js';
import { scanInWorkers } from './in-worker.js';
import type { ScanChunk } from './scan.js';

const T0 = Date.UTC(2026, 0, 1);

/**
 * The workers take blocks of lead ids from one shared counter: every lead must be replayed by
 * exactly one of them, whatever the number of workers and the block size (a lead replayed twice
 * would be written twice, a lead skipped keeps its old rules' scores).
 */
describe('the rescore workers’ shared blocks', () => {
  it('replay each lead exactly once, for 1 to 3 workers and blocks of 1 to 4 leads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindling-rescore-blocks-'));
    const db = openDatabase(join(dir, 'blocks.db'));
    const h = await engineHarness({}, { db, now: T0 });
    try {
      const people = 11;
      for (let i = 0; i < people; i++)
        await h.writer.write([events.view(`v${i}`, T0 + i, '/pricing', 'pricing'), events.identify(`v${i}`, T0 + i + 1, `p${i}@acme.io`)]);
      // A gap in the ids, as an erasure leaves.
      await h.engine.erase(5, null);
      const scoring = scoringSchema.parse({
        engagementRules: [{ id: 'view', label: 'View', why: 'test', match: { types: ['pageview'] }, points: 7, text: 'viewed a page' }],
      });
      for (const parts of [1, 2, 3])
        for (const chunkLeads of [1, 2, 4]) {
          const chunks: ScanChunk[] = [];
          const workers = await scanInWorkers({ dbPath: db.name, scoring, to: T0, now: T0, chunkLeads }, parts, async (c) => {
            chunks.push(c);
          });
          expect(workers).toBe(parts);
          expect(chunks.reduce((n, c) => n + c.leads, 0)).toBe(people - 1);
          expect(chunks.reduce((n, c) => n + c.events, 0)).toBe(2 * (people - 1));
          // Each lead's changed row comes once (the new points change every lead).
          const ids = chunks.flatMap((c) => c.changed.map((l) => l.id));
          expect(ids.sort((a, b) => a - b)).toEqual([...Array(people).keys()].map((i) => i + 1).filter((id) => id !== 5));
        }
    } finally {
      await h.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
