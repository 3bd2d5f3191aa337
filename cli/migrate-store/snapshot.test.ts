import { describe, expect, it } from 'vitest';
import { diffSnapshots, type TableSnapshot } from './snapshot.js';

const columns = [
  { name: 'id', type: 'bigint' },
  { name: 'stage', type: 'text' },
  { name: 'fit', type: 'double precision' },
];
const table = (rows: [number, string, number][]): Map<string, TableSnapshot> =>
  new Map([['leads', { columns, keyColumns: ['id'], rows: new Map(rows.map((r) => [JSON.stringify([r[0]]), r])) }]]);

describe('the rescore check compares snapshots row by row', () => {
  it('finds nothing when only float noise differs (sums added up in another order)', () => {
    expect(diffSnapshots(table([[1, 'mql', 0.1 + 0.2]]), table([[1, 'mql', 0.3]]))).toEqual([]);
    expect(diffSnapshots(table([[1, 'mql', 1e6]]), table([[1, 'mql', 1e6 * (1 + 5e-10)]]))).toEqual([]);
  });

  it('names each changed, removed and added row by table and key, with the columns before → after', () => {
    const before = table([
      [1, 'mql', 12.5],
      [2, 'sql', 3],
    ]);
    const after = table([
      [1, 'lead', 12.6],
      [3, 'lead', 0],
    ]);
    expect(diffSnapshots(before, after).map((d) => d.text)).toEqual([
      'leads id=1: stage "mql" → "lead", fit 12.5 → 12.6',
      'leads id=2: removed',
      'leads id=3: added',
    ]);
  });

  it('compares text exactly, even where it looks like a number', () => {
    expect(diffSnapshots(table([[1, '1.0', 0]]), table([[1, '1', 0]]))).toHaveLength(1);
  });
});
