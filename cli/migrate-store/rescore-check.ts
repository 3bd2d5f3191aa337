import type { Config } from '../../collector/config/index.js';
import { createEngine } from '../../collector/engine/index.js';
import type { LeadRow } from '../../collector/engine/projection/store.js';
import { RULES_FINGERPRINT_KEY } from '../../collector/engine/rescore/index.js';
import { RANK_EPOCH_KEY } from '../../collector/engine/projection/rank.js';
import { ACTIVITY_FINGERPRINT_KEY } from '../../collector/accounts/rebuild.js';
import { openPostgresStore } from '../../collector/store/postgres/store.js';
import { createWriter } from '../../collector/writer/index.js';
import { createProgress, type ProgressOutput } from '../progress.js';
import { diffSnapshots, snapshotTables, type RowDifference } from './snapshot.js';

/**
 * The tables a rescore writes (every other table it only reads: the event log, identity links,
 * visitors, actions and alerts), each with the key that names a row in a report. The whole of
 * every row is compared, with these exceptions, each a value a rescore legitimately rewrites:
 * - `rank_key`, `top_engagement_rank`, `sum_rank` are engagement stored relative to the ranking
 *   epoch (see engine/projection/rank.ts); a rescore moves the epoch to the start of its day and
 *   rescales them. They are compared as the engagement they stand for at the check's moment, not
 *   dropped, so a wrong score still shows.
 * - settings `engine.rank_epoch_ms` is that epoch itself: moving it is the rescale above.
 * - settings `engine.rules_fingerprint` is where a rescore records the rules it ran under; that
 *   those are the rules the source was scored under is checked before the copy (`rules-differ`).
 * - settings `accounts.activity_fingerprint` is where a rescore records the engagement rules it
 *   rebuilt the accounts activity under (a source never rescored has none, so the check's rescore adds it).
 */
export const RESCORED_TABLES: Readonly<
  Record<string, { key: readonly string[]; ranks?: readonly string[]; skipKeys?: readonly string[] }>
> = {
  settings: { key: ['key'], skipKeys: [RANK_EPOCH_KEY, RULES_FINGERPRINT_KEY, ACTIVITY_FINGERPRINT_KEY] },
  leads: { key: ['id'], ranks: ['rank_key', 'top_engagement_rank'] },
  lead_state: { key: ['lead_id'] },
  lead_traits: { key: ['lead_id', 'key'] },
  lead_history: { key: ['id'] },
  companies: { key: ['domain'], ranks: ['sum_rank'] },
  leads_search: { key: ['lead_id'] },
};

/** The exit code of a move whose copy committed but whose target a rescore changed (past sysexits.h's range: its own). */
export const RESCORE_CHANGED_EXIT = 79;
/** How many differing rows the report names. */
const LISTED = 5;

export class RescoreChangedTarget extends Error {
  readonly exitCode = RESCORE_CHANGED_EXIT;
  constructor(readonly differences: RowDifference[]) {
    super(
      `a rescore on the target changed ${differences.length === 1 ? 'a row' : `${differences.length} rows`} the copy wrote: ` +
        differences
          .slice(0, LISTED)
          .map((d) => d.text)
          .join('; ') +
        (differences.length > LISTED ? `; … and ${differences.length - LISTED} more` : '') +
        '. The copy is committed and the rescore has rewritten those rows from the event log; please report this as a bug' +
        ' (to start over, drop and recreate the target database).',
    );
    this.name = 'RescoreChangedTarget';
  }
}

export interface RescoreCheck {
  leads: number;
  events: number;
  /** The moment the rescore ran at (each lead replayed up to it or to just before its own pending timer). */
  at: number;
  /** Rows compared per table. */
  tables: { table: string; rows: number }[];
  ms: number;
}

/**
 * Each lead is replayed up to just before its own pending decay timer (or now, if earlier): the
 * copy holds each lead as far as ingest or the source's last sweep advanced it, and timers due
 * since then (the collector was stopped before the move, maybe long ago) would otherwise be applied
 * by the rescore: a change time made, not the copy. A collector's first sweep on the target applies them.
 */
const replayTo = (row: LeadRow, now: number) => (row.next_timer_at === null ? now : Math.min(now, row.next_timer_at - 1));

/**
 * After the copy committed: opens the target as a collector would, rescores every lead from the
 * copied event log under the collector's rules, and compares the rescored tables row by row with
 * what the copy wrote. Throws RescoreChangedTarget naming the differing rows.
 */
export async function checkRescoreOnTarget(
  url: string,
  config: Pick<Config, 'scoring'>,
  out: { progress: ProgressOutput },
): Promise<RescoreCheck> {
  const started = performance.now();
  const store = await openPostgresStore(url, { max: 2 });
  const at = Date.now();
  const writer = createWriter({ store, batchWindowMs: 0, clock: () => at });
  try {
    const engine = createEngine({ config, writer, snapshotPath: null, log: () => {} });
    const halfLifeMs = engine.rules.halfLifeMs;
    const before = await snapshotTables(store.sql, RESCORED_TABLES, { now: at, halfLifeMs });
    const progress = createProgress(out.progress);
    const result = await engine.rescore({ replayTo, onProgress: (p) => progress.update(p.leadsDone, p.leadsTotal, p.events) });
    progress.end();
    const after = await snapshotTables(store.sql, RESCORED_TABLES, { now: at, halfLifeMs });
    const differences = diffSnapshots(before, after);
    if (differences.length) throw new RescoreChangedTarget(differences);
    return {
      leads: result.leads,
      events: result.events,
      at,
      tables: [...before].map(([table, s]) => ({ table, rows: s.rows.size })),
      ms: Math.round(performance.now() - started),
    };
  } finally {
    await writer.close();
    await store.close();
  }
}
