import type { Config } from '../../collector/config/index.js';
import { compileRules } from '../../collector/engine/rules/compile.js';
import { RULES_FINGERPRINT_KEY } from '../../collector/engine/rescore/index.js';
import { databaseHolder } from '../../collector/db/in-use.js';
import { migrations as allMigrations } from '../../collector/db/migrations/index.js';
import type { Migration } from '../../collector/db/migrations.js';
import { connectPostgres } from '../../collector/store/postgres/connect.js';
import { copyIntoPostgres, inspectTarget, TargetNotEmptyError, type TargetState } from '../../collector/store/postgres/copy-target.js';
import { migratePostgres } from '../../collector/store/postgres/migrate.js';
import { openCopySource, SourceMissingError, type CopySource } from '../../collector/store/sqlite/copy-source.js';
import type { ProgressOutput } from '../progress.js';
import type { MigrateStoreArgs } from './args.js';
import { copyAndCheck, type TableCopy } from './copy.js';
import { MoveRefused } from './refusals.js';
import { checkRescoreOnTarget, type RescoreCheck } from './rescore-check.js';

export interface MoveResult {
  tables: TableCopy[];
  identities: { table: string; column: string; next: number }[];
  rows: number;
  /** The whole move, and the read-back check within it. */
  ms: number;
  checkMs: number;
  /** The rescore on the committed target (see rescore-check.ts). */
  rescore: RescoreCheck;
}

const newest = (migrations: readonly Migration[]) => Math.max(0, ...migrations.map((m) => m.version));

function refuseIfInUse(path: string, when: string): void {
  const holder = databaseHolder(path);
  if (holder) {
    const since = new Date(holder.since).toISOString();
    throw new MoveRefused('source-in-use', `a collector (pid ${holder.pid} on ${holder.host}, since ${since}) ${when} ${path}`);
  }
}

function openSource(path: string, known: number): CopySource {
  refuseIfInUse(path, 'has open');
  let source: CopySource;
  try {
    source = openCopySource(path);
  } catch (err) {
    if (err instanceof SourceMissingError) throw new MoveRefused('source-missing', err.message);
    throw err;
  }
  const found = source.schemaVersion;
  if (found !== known) {
    source.close();
    if (found > known)
      throw new MoveRefused('source-too-new', `${path} has schema version ${found}, newer than this Kindling knows (${known})`);
    throw new MoveRefused('source-outdated', `${path} has schema version ${found}, not the newest (${known})`);
  }
  return source;
}

/** The rules the source's scores were computed under, as its last rescore recorded them (null: never recorded). */
function storedRulesFingerprint(source: CopySource): string | null {
  const settings = source.tables.find((t) => t.name === 'settings');
  if (!settings) return null;
  const [key, value] = [settings.columns.indexOf('key'), settings.columns.indexOf('value')];
  for (const rows of source.batches(settings, 1000))
    for (const row of rows) if (row[key] === RULES_FINGERPRINT_KEY) return row[value] as string;
  return null;
}

/**
 * A rescore under other rules than the source was scored with changes scores by design, which the
 * check after the copy would report as a faulty copy: refused before anything is copied.
 */
function refuseOtherRules(source: CopySource, config: Pick<Config, 'scoring'>): void {
  const stored = storedRulesFingerprint(source);
  if (stored !== null && stored !== compileRules(config.scoring).fingerprint)
    throw new MoveRefused('rules-differ', 'the source was scored under other rules than the configuration gives');
}

function refuseTarget(state: TargetState, known: number): void {
  if (state.version !== null && state.version > known)
    throw new MoveRefused('target-too-new', `the target has schema version ${state.version}, newer than this Kindling knows (${known})`);
  if (state.tablesWithRows.length) throw new MoveRefused('target-not-empty', `the target holds rows in ${state.tablesWithRows.join(', ')}`);
}

/**
 * `npm run migrate-store`: refuses what it must (see refusals.ts), migrates the target with the
 * PostgreSQL migration runner, then copies and checks in one target transaction.
 */
export async function runMigrateStore(
  args: MigrateStoreArgs,
  out: { progress: ProgressOutput; config: Pick<Config, 'scoring'> },
  migrations: readonly Migration[] = allMigrations,
): Promise<MoveResult> {
  const started = performance.now();
  const known = newest(migrations);
  const source = openSource(args.from, known);
  try {
    refuseOtherRules(source, out.config);
  } catch (err) {
    source.close();
    throw err;
  }
  const sql = connectPostgres(args.to, { max: 1 });
  try {
    let state: TargetState;
    try {
      state = await inspectTarget(sql);
    } catch (err) {
      throw new MoveRefused('target-unreachable', `cannot reach the target (${(err as Error).message})`);
    }
    refuseTarget(state, known);
    await migratePostgres(sql, migrations);
    const { tables, identities, checkMs } = await copyIntoPostgres(sql, async (target) => {
      const copied = await copyAndCheck(source, target, { batchRows: args.batchRows, progress: out.progress });
      // Events a collector took in after the snapshot would be missing from the target: roll back.
      refuseIfInUse(args.from, 'opened during the copy');
      return copied;
    }).catch((err: unknown) => {
      if (err instanceof TargetNotEmptyError) throw new MoveRefused('target-not-empty', err.message);
      throw err;
    });
    const rows = tables.reduce((n, t) => n + t.rows, 0);
    const copiedMs = Math.round(performance.now() - started);
    const rescore = await checkRescoreOnTarget(args.to, out.config, out);
    return { tables, identities, rows, ms: copiedMs, checkMs, rescore };
  } finally {
    source.close();
    await sql.end({ timeout: 5 });
  }
}

/** The report on stdout: one line per table, the sequences, the verdict. */
export function formatMove(result: MoveResult): string[] {
  const width = Math.max(...result.tables.map((t) => t.table.length));
  const rate = result.ms > 0 ? Math.round((result.rows / result.ms) * 1000) : result.rows;
  return [
    ...result.tables.map(
      (t) =>
        `  ${t.table.padEnd(width)} ${t.rows.toLocaleString('en-US').padStart(12)} rows  ${t.checksum}${t.rebuilt ? '  (rebuilt)' : ''}`,
    ),
    `Next ids: ${result.identities.map((i) => `${i.table}.${i.column} ${i.next}`).join(', ')}`,
    `Copied ${result.rows.toLocaleString('en-US')} rows of ${result.tables.length} tables in ${result.ms} ms (${rate.toLocaleString('en-US')} rows/s).`,
    `Checked: every table has the same row count and content checksum on both sides (${result.checkMs} ms).`,
    `Rescored ${result.rescore.leads.toLocaleString('en-US')} leads from ${result.rescore.events.toLocaleString('en-US')} events on the target ` +
      `as of ${new Date(result.rescore.at).toISOString()}: no row changed in ${result.rescore.tables
        .map((t) => `${t.table} (${t.rows.toLocaleString('en-US')})`)
        .join(', ')} (${result.rescore.ms} ms).`,
  ];
}
