import { createHash } from 'node:crypto';
import { engagementFromRank, RANK_EPOCH_KEY } from '../../collector/engine/projection/rank.js';
import { listTables, readConsistently, readRows, type TargetColumn } from '../../collector/store/postgres/copy-target.js';
import type { Sql } from '../../collector/store/postgres/connect.js';

export interface TablePolicy {
  /** The columns that name a row. */
  key: readonly string[];
  /** Engagement relative to the ranking epoch: kept as the engagement it stands for at `now`. */
  ranks?: readonly string[];
  /** Rows (by their one-column key) left out. */
  skipKeys?: readonly string[];
}

export interface TableSnapshot {
  columns: TargetColumn[];
  keyColumns: readonly string[];
  /** Each row's values by its key (as JSON), long text replaced by a digest. */
  rows: Map<string, unknown[]>;
}

export interface RowDifference {
  table: string;
  key: string;
  text: string;
}

/** Text longer than this is kept as a digest: a lead's model is kilobytes, its digest 16 hex digits. */
const KEEP_TEXT_CHARS = 64;
/** Floats agree within this (relative, and absolute below 1): sums may be added up in another order. */
const FLOAT_TOLERANCE = 1e-9;

const compact = (v: unknown): unknown =>
  typeof v === 'string' && v.length > KEEP_TEXT_CHARS
    ? `${v.slice(0, 24)}… (${v.length} chars, sha1 ${createHash('sha1').update(v).digest('hex').slice(0, 16)})`
    : v;

/**
 * Reads the given tables of the target in one consistent view, settings first (its ranking epoch
 * turns stored rank keys into engagement at `now`).
 */
export async function snapshotTables(
  sql: Sql,
  policies: Readonly<Record<string, TablePolicy>>,
  options: { now: number; halfLifeMs: number },
): Promise<Map<string, TableSnapshot>> {
  return readConsistently(sql, async (tx) => {
    const catalog = await listTables(tx);
    const snapshots = new Map<string, TableSnapshot>();
    let epoch = 0;
    for (const [table, policy] of Object.entries(policies)) {
      const columns = catalog.get(table);
      if (!columns) throw new Error(`the target has no table ${table} to check`);
      const position = (name: string) => {
        const i = columns.findIndex((c) => c.name === name);
        if (i < 0) throw new Error(`the target has no column ${table}.${name} to check`);
        return i;
      };
      const keyAt = policy.key.map(position);
      const rankAt = new Set((policy.ranks ?? []).map(position));
      const skip = new Set(policy.skipKeys ?? []);
      const rows = new Map<string, unknown[]>();
      await readRows(tx, table, columns, 1000, (batch) => {
        for (const row of batch) {
          const key = keyAt.map((i) => row[i]);
          if (table === 'settings' && key[0] === RANK_EPOCH_KEY) epoch = Number(row[position('value')]);
          if (skip.has(key[0] as string)) continue;
          rows.set(
            JSON.stringify(key),
            row.map((v, i) =>
              rankAt.has(i) && typeof v === 'number' ? engagementFromRank(v, epoch, options.halfLifeMs, options.now) : compact(v),
            ),
          );
        }
      });
      snapshots.set(table, { columns, keyColumns: policy.key, rows });
    }
    return snapshots;
  });
}

function same(a: unknown, b: unknown, float: boolean): boolean {
  if (float && typeof a === 'number' && typeof b === 'number')
    return Math.abs(a - b) <= FLOAT_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
  return a === b;
}

const shown = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v));

/** Every row that is missing, added or changed between two snapshots of the same tables, named by table and key. */
export function diffSnapshots(before: Map<string, TableSnapshot>, after: Map<string, TableSnapshot>): RowDifference[] {
  const differences: RowDifference[] = [];
  for (const [table, was] of before) {
    const now = after.get(table)!;
    const name = (key: string) =>
      `${table} ${(JSON.parse(key) as unknown[]).map((v, i) => `${was.keyColumns[i]}=${typeof v === 'string' ? JSON.stringify(v) : v}`).join(' ')}`;
    for (const [key, row] of was.rows) {
      const other = now.rows.get(key);
      if (!other) {
        differences.push({ table, key, text: `${name(key)}: removed` });
        continue;
      }
      const changed = was.columns
        .map((c, i) => (same(row[i], other[i], c.type === 'double precision') ? null : `${c.name} ${shown(row[i])} → ${shown(other[i])}`))
        .filter((d) => d !== null);
      if (changed.length) differences.push({ table, key, text: `${name(key)}: ${changed.join(', ')}` });
    }
    for (const key of now.rows.keys()) if (!was.rows.has(key)) differences.push({ table, key, text: `${name(key)}: added` });
  }
  return differences;
}
