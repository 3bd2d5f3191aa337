/**
 * Sorts `idx[from…to)` (indices into a lead's events) by (primary, secondary) of each index, in
 * place: both keys in typed arrays, so no comparator closure and nothing allocated in the common
 * case. The replay sorts a few indices per step, and Array.prototype.sort copied its input into
 * a work array each time (15% of the rescore scan's allocation). `idx[from…sortedTo)` is already
 * in order (the events folded so far): insertion then costs one pass per index added. When many
 * indices are out of place it falls back to the built-in sort, so a lead with thousands of events
 * attributed at once stays O(n log n). Ties on both keys never happen (secondary is the unique seq),
 * so every algorithm gives the same order.
 */
export function sortIndices(
  idx: number[],
  from: number,
  to: number,
  sortedTo: number,
  primary: Float64Array,
  secondary: Float64Array,
): void {
  if (to - from > 64 && to - sortedTo > 8) {
    const before = (a: number, b: number) => primary[a]! < primary[b]! || (primary[a] === primary[b] && secondary[a]! < secondary[b]!);
    const sorted = idx.slice(from, to).sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
    for (let j = 0; j < sorted.length; j++) idx[from + j] = sorted[j]!;
    return;
  }
  for (let i = Math.max(sortedTo, from + 1); i < to; i++) {
    const v = idx[i]!;
    const pv = primary[v]!;
    const sv = secondary[v]!;
    let j = i - 1;
    for (; j >= from; j--) {
      const u = idx[j]!;
      if (primary[u]! < pv || (primary[u] === pv && secondary[u]! < sv)) break;
      idx[j + 1] = u;
    }
    idx[j + 1] = v;
  }
}
