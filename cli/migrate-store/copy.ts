import type { CopySource, SourceTable } from '../../collector/store/sqlite/copy-source.js';
import type { CopyTarget } from '../../collector/store/postgres/copy-target.js';
import { bar, createProgress, type ProgressOutput } from '../progress.js';
import { createChecksum } from './checksum.js';
import { MoveRefused } from './refusals.js';

export interface TableCopy {
  table: string;
  rows: number;
  /** Content checksum, the same on both sides (see checksum.ts). */
  checksum: string;
  /** A search index rebuilt on the target rather than copied. */
  rebuilt: boolean;
}

/** `events      [██████░░░░]  60% 6,000/10,000 rows · 25,000 rows/s` */
const rowsLine =
  (table: string, width: number) =>
  (done: number, total: number, _unused: number, elapsedMs: number): string => {
    const n = (v: number) => v.toLocaleString('en-US');
    const rate = elapsedMs > 0 ? Math.round((done / elapsedMs) * 1000) : 0;
    return `${table.padEnd(width)} ${bar(total ? done / total : 1)} ${n(done)}/${n(total)} rows · ${n(rate)} rows/s`;
  };

/** Every source table must land in a target table with all its columns, and every target table must be filled. */
function checkSchemasMatch(source: CopySource, target: CopyTarget): void {
  const problems: string[] = [];
  for (const t of source.tables) {
    const columns = new Set(target.tables.get(t.name)?.map((c) => c.name));
    if (!target.tables.has(t.name)) problems.push(`${t.name} is missing`);
    else for (const c of t.columns) if (!columns.has(c)) problems.push(`${t.name}.${c} is missing`);
  }
  const filled = new Set([...source.tables, ...source.searchIndexes].map((t) => t.name));
  for (const name of target.tables.keys()) if (!filled.has(name)) problems.push(`${name} has no source table`);
  if (problems.length) throw new MoveRefused('check-failed', `the two schemas differ at the same version (${problems.join('; ')})`);
}

/**
 * Copies every table in batches, rebuilds the search indexes, moves the id sequences on, then
 * reads everything back and compares row counts and content checksums with what was read. Runs
 * inside the target's one transaction: a difference throws, and the copy is rolled back.
 */
export async function copyAndCheck(
  source: CopySource,
  target: CopyTarget,
  options: { batchRows: number; progress: ProgressOutput },
): Promise<{ tables: TableCopy[]; identities: { table: string; column: string; next: number }[]; checkMs: number }> {
  checkSchemasMatch(source, target);
  const width = Math.max(...[...source.tables, ...source.searchIndexes].map((t) => t.name.length));
  const copied: TableCopy[] = [];
  for (const table of source.tables) {
    const checksum = createChecksum();
    const progress = createProgress(options.progress, undefined, rowsLine(table.name, width));
    progress.update(0, table.rows, 0);
    // Checksum and progress as the rows go by, so the source is read once for both.
    const counted = async function* () {
      for (const rows of source.batches(table, options.batchRows)) {
        for (const row of rows) checksum.add(row);
        yield rows;
        progress.update(checksum.rows, table.rows, 0);
      }
    };
    await target.insertAll(table.name, table.columns, counted());
    progress.end();
    copied.push({ table: table.name, rows: checksum.rows, checksum: checksum.digest(), rebuilt: false });
  }
  for (const index of source.searchIndexes) {
    await target.rebuild(index.name);
    const checksum = sourceChecksum(source, index);
    copied.push({ table: index.name, rows: checksum.rows, checksum: checksum.digest(), rebuilt: true });
  }
  const identities = await target.resetIdentities();

  const checkStarted = performance.now();
  const differences: string[] = [];
  for (const c of copied) {
    const table = [...source.tables, ...source.searchIndexes].find((t) => t.name === c.table)!;
    // A rebuilt table's key has its own name on the target (SQLite's FTS5 keys rows by rowid): compare by position.
    const columns = c.rebuilt ? target.tables.get(c.table)!.map((col) => col.name) : table.columns;
    const back = createChecksum();
    await target.readBack(c.table, columns, options.batchRows, (rows) => rows.forEach((row) => back.add(row)));
    if (back.rows !== c.rows) differences.push(`${c.table}: ${c.rows} rows in the source, ${back.rows} in the target`);
    else if (back.digest() !== c.checksum) differences.push(`${c.table}: the content differs (checksum ${c.checksum} ≠ ${back.digest()})`);
  }
  if (differences.length) throw new MoveRefused('check-failed', `the copy does not match the source (${differences.join('; ')})`);
  return { tables: copied, identities, checkMs: Math.round(performance.now() - checkStarted) };
}

function sourceChecksum(source: CopySource, table: SourceTable) {
  const checksum = createChecksum();
  for (const rows of source.batches(table, 1000)) for (const row of rows) checksum.add(row);
  return checksum;
}
