import { describe, expect, it } from 'vitest';
import { overdueMs } from './sla.js';

const NOW = Date.UTC(2025, 4, 20, 12, 0);
const H = 3_600_000;

describe('SQL follow-up SLA', () => {
  it('marks an SQL nobody took within the SLA, and says by how much', () => {
    expect(overdueMs({ stage: 'sql', disposition: null, sqlSince: NOW - 50 * H }, NOW, 48)).toBe(2 * H);
  });

  it('does not mark it before the SLA ends, once sales acted, or when it is not an SQL', () => {
    expect(overdueMs({ stage: 'sql', disposition: null, sqlSince: NOW - 47 * H }, NOW, 48)).toBeNull();
    expect(overdueMs({ stage: 'sql', disposition: null, sqlSince: NOW - 48 * H }, NOW, 48)).toBeNull();
    expect(overdueMs({ stage: 'sql', disposition: 'accepted', sqlSince: NOW - 90 * H }, NOW, 48)).toBeNull();
    expect(overdueMs({ stage: 'sql', disposition: 'rejected', sqlSince: NOW - 90 * H }, NOW, 48)).toBeNull();
    expect(overdueMs({ stage: 'mql', disposition: null, sqlSince: NOW - 90 * H }, NOW, 48)).toBeNull();
    expect(overdueMs({ stage: 'sql', disposition: null, sqlSince: null }, NOW, 48)).toBeNull();
  });

  it('follows the configured hours', () => {
    expect(overdueMs({ stage: 'sql', disposition: null, sqlSince: NOW - 30 * H }, NOW, 24)).toBe(6 * H);
    expect(overdueMs({ stage: 'sql', disposition: null, sqlSince: NOW - 30 * H }, NOW, 48)).toBeNull();
  });
});
