import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sortIndices } from './index-sort.js';

/** The order a plain sort by (primary, secondary) gives. */
const reference = (idx: number[], primary: Float64Array, secondary: Float64Array) =>
  [...idx].sort((a, b) => primary[a]! - primary[b]! || secondary[a]! - secondary[b]!);

describe('sortIndices (the fast replay sorts event indices by (ts, seq) and (step, seq))', () => {
  it('sorts a range as a plain sort would, small (insertion) or large (the built-in sort), with or without a sorted prefix', () => {
    fc.assert(
      fc.property(
        // Few distinct primaries (many ties), unique secondaries (seqs), up to twice the insertion limit.
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 0, maxLength: 150 }),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        (keys, a, b, c) => {
          const n = keys.length;
          const primary = Float64Array.from(keys, (k) => k * 2 ** 40); // times far beyond small integers
          const secondary = Float64Array.from(keys, (_, i) => ((i * 7919) % (n + 1)) + i * (n + 1)); // unique, not in index order
          const idx = Array.from({ length: n }, (_, i) => n - 1 - i);
          const from = n ? a % (n + 1) : 0;
          const to = from + (n ? b % (n - from + 1) : 0);
          const sortedTo = from + (to > from ? c % (to - from + 1) : 0);
          // The prefix the caller promises sorted is sorted.
          idx.splice(from, sortedTo - from, ...reference(idx.slice(from, sortedTo), primary, secondary));
          const expected = [...idx.slice(0, from), ...reference(idx.slice(from, to), primary, secondary), ...idx.slice(to)];
          sortIndices(idx, from, to, sortedTo, primary, secondary);
          expect(idx).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('sorts a long range with many indices out of place (the built-in sort) as a plain sort would', () => {
    const n = 200;
    const primary = Float64Array.from({ length: n }, (_, i) => (i % 3) * 2 ** 40);
    const secondary = Float64Array.from({ length: n }, (_, i) => n - i);
    const idx = Array.from({ length: n }, (_, i) => i);
    const expected = reference(idx, primary, secondary);
    sortIndices(idx, 0, n, 0, primary, secondary);
    expect(idx).toEqual(expected);
  });
});
