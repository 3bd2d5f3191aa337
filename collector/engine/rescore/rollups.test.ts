import { describe, expect, it } from 'vitest';
import { expectRolledUp, rescoreFailingAfterFirstChunk } from '../../../test/support/company-rollups.js';

/**
 * A rescore that fails midway keeps each company's roll-up true to the people stored: in process,
 * each chunk's transaction rolls up its own people's companies (the worker's path is in
 * worker.property.test.ts, on a SQLite file).
 */
describe('company roll-ups when a rescore in process fails after its first chunk', () => {
  it('rolls up the companies of the leads it wrote, and leaves the others as they were', async () => {
    const { untouched, stored, fresh } = await rescoreFailingAfterFirstChunk({}, { chunkLeads: 2 });
    expectRolledUp(stored, fresh);
    // The first chunk did change alpha.io's people (else the check above proves nothing); beta.io was not reached.
    const alpha = (list: typeof stored) => list.find((c) => c.domain === 'alpha.io')!.sumRank;
    expect(alpha(fresh)).not.toBeCloseTo(alpha(untouched), 3);
    expect(stored.map((c) => c.domain)).toEqual(['alpha.io', 'beta.io', 'gamma.io']);
  });
});
