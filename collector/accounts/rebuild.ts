import type { CompiledRules } from '../engine/rules/compile.js';
import type { WriteTx } from '../store/port/index.js';
import type { ActivityRow } from '../store/port/accounts.js';
import { ActivityBatch } from './activity-batch.js';
import { applyAccountEvents, type AccountsScope } from './projection.js';

/** The settings key holding the activity fingerprint (`CompiledRules.activityFingerprint`) the activity was rebuilt under. */
export const ACTIVITY_FINGERPRINT_KEY = 'accounts.activity_fingerprint';

export interface RebuildOptions {
  /** Events read from the log at a time. */
  chunk?: number;
  /** Activity rows (and people) held in memory before they are written: ~25 MB at the default. */
  heldRows?: number;
  /** Events applied per writer transaction (a staged rebuild): ingest waits behind at most this many. */
  stepEvents?: number;
  /** Held rows written per writer transaction (a staged rebuild). */
  stepRows?: number;
  /** After each read of the log: the events read so far (a rebuild that starts over counts again from 0). */
  onProgress?: (events: number) => void;
}

/** Runs a job in a writer transaction: the writer's own (a staged rebuild), or one the caller holds. */
export type Transact = <T>(job: (tx: WriteTx) => Promise<T>) => Promise<T>;

type StepOptions = Required<Omit<RebuildOptions, 'onProgress'>> & Pick<RebuildOptions, 'onProgress'>;

const DEFAULTS: StepOptions = { chunk: 5000, heldRows: 100_000, stepEvents: 5000, stepRows: 5000 };

/**
 * Rescore for accounts: the activity rebuilt from the log under the current rules (the function
 * ingest uses, so the result equals what incremental projection gave). No alerts: a rule change is
 * not buyer activity. Skipped (0) when the activity was last rebuilt under the same engagement
 * matches and points: what ingest added since was counted under those same rules, so a rebuild
 * would write what is there. A database never rebuilt has no fingerprint, so its first rescore
 * rebuilds.
 *
 * Where the store stages it (SQLite) the rebuild writes a table of its own over many short writer
 * transactions, ingest carrying on between them into the live table, and the transaction whose
 * read reaches the log's end swaps it in: every event is counted once, by the rebuild's reads in
 * log order. Elsewhere (PostgreSQL) it runs in one transaction on the live table, so no event is
 * counted twice by ingest running beside it. Returns the events read.
 */
export async function rebuildAccounts(rules: CompiledRules, transact: Transact, options: RebuildOptions = {}): Promise<number> {
  const o = { ...DEFAULTS, ...options };
  const staged = await transact(async (tx) =>
    (await tx.settings.get(ACTIVITY_FINGERPRINT_KEY)) === rules.activityFingerprint ? null : tx.accounts.rebuild().staged,
  );
  if (staged === null) return 0;
  // An erasure while it runs discards the staged table (the person's rows in it must go): start over.
  for (;;) {
    const events = staged ? await replayLog(rules, transact, o) : await transact((tx) => replayLog(rules, (job) => job(tx), o));
    if (events !== null) return events;
  }
}

/** One pass over the log into the rebuild's table, in steps; null when its table was discarded midway. */
async function replayLog(rules: CompiledRules, transact: Transact, o: StepOptions): Promise<number | null> {
  let target: ReturnType<WriteTx['accounts']['rebuild']> | null = null;
  const scope: AccountsScope = {
    people: new Map(),
    // Written through the current step's transaction; sorted: a b-tree filled in key order costs a third.
    activity: new ActivityBatch((row) => target!.addActivity(row), true),
    get target() {
      return target!;
    },
  };
  let after = 0;
  let total = 0;
  /** Held rows taken for writing: all are written, in key order, before more of the log is read. */
  let unwritten: ActivityRow[] = [];
  let written = 0;
  await transact((tx) => tx.accounts.rebuild().begin());
  for (;;) {
    const outcome = await transact(async (tx): Promise<'more' | 'done' | 'discarded'> => {
      target = tx.accounts.rebuild();
      if (!(await target.intact())) return 'discarded';
      // Another step, another moment: a person's company may have changed since the last (ingest
      // counts each event under the company of its moment, and so does the rebuild).
      if (target.staged) scope.people.clear();
      if (written < unwritten.length) {
        const end = Math.min(unwritten.length, written + o.stepRows);
        for (; written < end; written++) await target.addActivity(unwritten[written]!);
        return 'more';
      }
      for (let read = 0; read < o.stepEvents;) {
        const events = await tx.accounts.eventsAfter(after, o.chunk);
        await applyAccountEvents(rules, tx, events, scope);
        total += events.length;
        read += events.length;
        o.onProgress?.(total);
        if (events.length) after = events.at(-1)!.seq;
        if (events.length < o.chunk && scope.activity.size <= o.stepRows) {
          // The log's end, with few rows held: written and swapped in now, no event of ingest's between.
          await scope.activity.flush();
          await target.finish();
          await tx.settings.set(ACTIVITY_FINGERPRINT_KEY, rules.activityFingerprint);
          return 'done';
        }
        // Memory stays bounded (and a long tail is written in steps before the swap).
        if (events.length < o.chunk || scope.activity.size >= o.heldRows) {
          unwritten = scope.activity.take();
          written = 0;
          return 'more';
        }
        if (scope.people.size >= o.heldRows) scope.people.clear();
      }
      return 'more';
    });
    if (outcome === 'discarded') return null;
    if (outcome === 'done') return total;
  }
}
