import { describe, expect, it } from 'vitest';
import type { StageChange } from '../../types.js';
import { newestFirst } from './history.js';

const change = (at: number, from: string | null, to: string): StageChange => ({
  at,
  from,
  to,
  kind: 'stage',
  cause: 'identified',
  score: 40,
});

describe('stage history order', () => {
  it('puts the newest first, and of changes at the same moment the later one first', () => {
    const api = [change(1000, 'visitor', 'lead'), change(1000, 'lead', 'mql'), change(5000, 'mql', 'sql'), change(5000, 'sql', 'near_sql')];
    expect(newestFirst(api).map((s) => s.to)).toEqual(['near_sql', 'sql', 'mql', 'lead']);
  });

  it('sorts by time even when the input is not in time order', () => {
    expect(newestFirst([change(3, 'lead', 'mql'), change(1, 'visitor', 'lead'), change(2, 'mql', 'lead')]).map((s) => s.at)).toEqual([
      3, 2, 1,
    ]);
  });
});
