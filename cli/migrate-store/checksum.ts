import { createHash } from 'node:crypto';

const MASK = (1n << 64n) - 1n;

/**
 * A table's content in 16 hex digits, whatever the order its rows are read in: the sum (mod 2^64)
 * of a hash of each row. A sum, not an XOR, so two equal rows do not cancel out; order-free, so the
 * two stores need not agree on a sort order (PostgreSQL's text collation is not SQLite's). A row is
 * hashed as the JSON of its values, which both drivers hand over as the same JavaScript values.
 */
export function createChecksum() {
  let sum = 0n;
  let rows = 0;
  return {
    add(values: readonly unknown[]): void {
      const digest = createHash('sha1').update(JSON.stringify(values)).digest();
      sum = (sum + digest.readBigUInt64BE(0)) & MASK;
      rows++;
    },
    get rows(): number {
      return rows;
    },
    digest(): string {
      return sum.toString(16).padStart(16, '0');
    },
  };
}
export type Checksum = ReturnType<typeof createChecksum>;
