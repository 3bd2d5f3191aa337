/**
 * A small MaxMind DB (MMDB 2.0) writer: an IPv6 search tree (IPv4 at ::/96), 32-bit records, and a
 * deduplicated data section of maps, strings, unsigned integers and booleans. It exists because no
 * npm package ships the open ASN data as MMDB: `npm run build` converts the CSV of `@ip-location-db/asn`
 * with it, and tests build their fixture databases with it. Reading is `mmdb-lib`'s.
 * Format: https://maxmind.github.io/MaxMind-DB/
 */
import { isIPv4 } from 'node:net';

export type MmdbValue = string | number | boolean | MmdbValue[] | { [key: string]: MmdbValue };

const EMPTY = -1;
const isData = (child: number) => child <= -2;

/** One inclusive address range as 128-bit numbers (IPv4 at ::a.b.c.d). */
export function addressToBigInt(ip: string): bigint {
  if (isIPv4(ip)) return BigInt(ip.split('.').reduce((n, part) => n * 256 + Number(part), 0));
  const [head = '', tail] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16) || 0), 0n);
}

/** The CIDR blocks covering [start, end] exactly, as (network, prefix length of 128). */
export function rangeToPrefixes(start: bigint, end: bigint): { network: bigint; length: number }[] {
  const out: { network: bigint; length: number }[] = [];
  let at = start;
  while (at <= end) {
    let size = 0;
    // Grow the block while it stays aligned at `at` and within the range.
    while (size < 128 && (at & ((1n << BigInt(size + 1)) - 1n)) === 0n && at + (1n << BigInt(size + 1)) - 1n <= end) size++;
    out.push({ network: at, length: 128 - size });
    at += 1n << BigInt(size);
  }
  return out;
}

export function createMmdbWriter(options: { databaseType: string; description?: string }) {
  let left = new Int32Array(1024);
  let right = new Int32Array(1024);
  let count = 1;
  left[0] = right[0] = EMPTY;
  const values: MmdbValue[] = [];
  const valueIds = new Map<string, number>();

  function newNode(fill: number): number {
    if (count === left.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      left = grow(left);
      right = grow(right);
    }
    left[count] = right[count] = fill;
    return count++;
  }

  function dataId(value: MmdbValue): number {
    const key = JSON.stringify(value);
    let id = valueIds.get(key);
    if (id === undefined) {
      id = values.push(value) - 1;
      valueIds.set(key, id);
    }
    return -(id + 2);
  }

  /** Inserts one prefix; a later, more specific prefix splits an earlier one. */
  function insertPrefix(network: bigint, length: number, data: number): void {
    // Four 32-bit words, so the walk below does no BigInt arithmetic per bit.
    const words = [96n, 64n, 32n, 0n].map((shift) => Number((network >> shift) & 0xffffffffn));
    let node = 0;
    for (let depth = 0; depth < length; depth++) {
      const bit = (words[depth >> 5]! >>> (31 - (depth & 31))) & 1;
      const side = bit ? right : left;
      if (depth === length - 1) {
        side[node] = data;
        return;
      }
      let child = side[node]!;
      if (child === EMPTY || isData(child)) {
        child = newNode(child);
        (bit ? right : left)[node] = child;
      }
      node = child;
    }
  }

  return {
    /** Every address from `first` to `last` (inclusive, both IPv4 or both IPv6) maps to `value`. */
    insertRange(first: string, last: string, value: MmdbValue): void {
      const data = dataId(value);
      for (const p of rangeToPrefixes(addressToBigInt(first), addressToBigInt(last))) insertPrefix(p.network, p.length, data);
    },
    toBuffer(buildEpochSeconds = Math.floor(Date.now() / 1000)): Buffer {
      const encoded = values.map(encodeValue);
      const offsets: number[] = [];
      let offset = 0;
      for (const e of encoded) {
        offsets.push(offset);
        offset += e.length;
      }
      const tree = Buffer.alloc(count * 8);
      const record = (child: number) => (child === EMPTY ? count : isData(child) ? count + 16 + offsets[-child - 2]! : child);
      for (let i = 0; i < count; i++) {
        tree.writeUInt32BE(record(left[i]!), i * 8);
        tree.writeUInt32BE(record(right[i]!), i * 8 + 4);
      }
      const metadata = encodeValue({
        binary_format_major_version: uint(2, 2),
        binary_format_minor_version: uint(0, 2),
        build_epoch: uint(buildEpochSeconds, 8),
        database_type: options.databaseType,
        description: { en: options.description ?? options.databaseType },
        ip_version: uint(6, 2),
        languages: ['en'],
        node_count: uint(count, 4),
        record_size: uint(32, 2),
      } as unknown as MmdbValue);
      const marker = Buffer.concat([Buffer.from([0xab, 0xcd, 0xef]), Buffer.from('MaxMind.com')]);
      return Buffer.concat([tree, Buffer.alloc(16), ...encoded, marker, metadata]);
    },
  };
}

/** A typed unsigned integer for the metadata, whose fields have fixed MMDB types. */
interface Uint {
  uint: number;
  bytes: 2 | 4 | 8;
}
const uint = (value: number, bytes: 2 | 4 | 8): Uint => ({ uint: value, bytes });
const isUint = (v: unknown): v is Uint => typeof v === 'object' && v !== null && 'uint' in v && 'bytes' in v;

/** MMDB type numbers (1–7 in the control byte; 8 and up as extended types). */
const TYPE = { utf8: 2, double: 3, uint16: 5, uint32: 6, map: 7, uint64: 9, array: 11, boolean: 14 } as const;

function control(type: number, size: number): Buffer {
  const head: number[] = [];
  const extra: number[] = [];
  let sizeBits: number;
  if (size < 29) sizeBits = size;
  else if (size < 285) ((sizeBits = 29), extra.push(size - 29));
  else if (size < 65821) ((sizeBits = 30), extra.push((size - 285) >> 8, (size - 285) & 0xff));
  else ((sizeBits = 31), extra.push((size - 65821) >> 16, ((size - 65821) >> 8) & 0xff, (size - 65821) & 0xff));
  if (type <= 7) head.push((type << 5) | sizeBits);
  else head.push(sizeBits, type - 7);
  return Buffer.from([...head, ...extra]);
}

function uintBytes(value: number | bigint): Buffer {
  let n = BigInt(value);
  const bytes: number[] = [];
  while (n > 0n) {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  return Buffer.from(bytes);
}

function encodeValue(value: MmdbValue | Uint): Buffer {
  if (isUint(value)) {
    const body = uintBytes(value.uint);
    return Buffer.concat([control(value.bytes === 2 ? TYPE.uint16 : value.bytes === 4 ? TYPE.uint32 : TYPE.uint64, body.length), body]);
  }
  if (typeof value === 'string') {
    const body = Buffer.from(value, 'utf8');
    return Buffer.concat([control(TYPE.utf8, body.length), body]);
  }
  if (typeof value === 'boolean') return control(TYPE.boolean, value ? 1 : 0);
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0 && value < 2 ** 32) {
      const body = uintBytes(value);
      return Buffer.concat([control(TYPE.uint32, body.length), body]);
    }
    const body = Buffer.alloc(8);
    body.writeDoubleBE(value);
    return Buffer.concat([control(TYPE.double, 8), body]);
  }
  if (Array.isArray(value)) return Buffer.concat([control(TYPE.array, value.length), ...value.map(encodeValue)]);
  const entries = Object.entries(value);
  return Buffer.concat([control(TYPE.map, entries.length), ...entries.flatMap(([k, v]) => [encodeValue(k), encodeValue(v)])]);
}
