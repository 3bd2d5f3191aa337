import type { Config } from '../collector/config/index.js';
import { openStore } from '../collector/store/index.js';
import { databaseHolder, type DatabaseHolder } from '../collector/db/in-use.js';
import { createWriter } from '../collector/writer/index.js';
import { createEngine } from '../collector/engine/index.js';
import type { RescoreResult } from '../collector/engine/rescore/index.js';
import { accountsLine, createProgress, type Progress, type ProgressOutput } from './progress.js';

/**
 * A running collector keeps scoring new events under the rules it started with, and its writer
 * would interleave with this one: rescore through it (POST /api/rescore), or stop it first.
 */
export class DatabaseInUseError extends Error {
  constructor(dbPath: string, holder: DatabaseHolder) {
    super(
      `a collector (pid ${holder.pid} on ${holder.host}, since ${new Date(holder.since).toISOString()}) has ${dbPath} open. ` +
        'Stop it and run this again, or rescore through it: POST /api/rescore (the dashboard’s Rescore button).',
    );
    this.name = 'DatabaseInUseError';
  }
}

/** How many changed leads the report lists by name. */
export const LIST_CHANGES = 50;

/**
 * `npm run rescore`: recompute every lead of the configured database from the event log under
 * the configured rules, with a progress bar, then report the leads whose stage changed.
 */
export async function runRescore(
  config: Config,
  out: { progress: ProgressOutput; report: (line: string) => void },
): Promise<RescoreResult> {
  const holder = databaseHolder(config.dbPath);
  if (holder) throw new DatabaseInUseError(config.dbPath, holder);
  const store = await openStore(config);
  const writer = createWriter({ store, batchWindowMs: 0 });
  try {
    const engine = createEngine({ config, writer, snapshotPath: config.dbPath });
    const progress = createProgress(out.progress);
    // The accounts rebuild reads the whole log after the leads: its own line, so the wait is not a hang.
    let accounts: Progress | null = null;
    const result = await engine.rescore({
      onProgress: (p) => progress.update(p.leadsDone, p.leadsTotal, p.events),
      onAccountsProgress: (events) => {
        if (!accounts) {
          progress.end();
          accounts = createProgress(out.progress, undefined, accountsLine);
        }
        accounts.update(events, 0, events);
      },
    });
    (accounts ?? progress).end();
    const rate = result.ms > 0 ? Math.round((result.events / result.ms) * 1000) : result.events;
    out.report(`Rescored ${result.leads} leads from ${result.events} events in ${result.ms} ms (${rate} events/s).`);
    out.report(
      result.accountEvents
        ? `Rebuilt the accounts' activity from ${result.accountEvents} events (the engagement rules changed since the last rebuild).`
        : "The accounts' activity is up to date (same engagement rules as its last rebuild).",
    );
    out.report(result.stageChanges ? `${result.stageChanges} leads changed stage:` : 'No lead changed stage.');
    for (const c of result.changes.slice(0, LIST_CHANGES)) out.report(`  #${c.leadId} ${c.email}: ${c.from} → ${c.to}`);
    if (result.changes.length > LIST_CHANGES) out.report(`  … and ${result.changes.length - LIST_CHANGES} more`);
    return result;
  } finally {
    await writer.close();
    await store.close();
  }
}
