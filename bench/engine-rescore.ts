import { copyFileSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { testConfig } from '../collector/config/index.js';
import { createKindling } from '../collector/kindling.js';
import { openSource } from '../collector/backtest/source.js';
import { runBacktest } from '../collector/backtest/run.js';
import { compileRules } from '../collector/engine/rules/compile.js';
import { dataset } from './dataset.js';
import { benchEngineScan } from './engine-scan.js';
import { benchAccountsRebuild } from './engine-accounts.js';

/** CPU time of the whole process (every thread, the rescore worker's too) since `from`: on a shared machine, wall time measures the neighbours. */
const cpuMsSince = (from: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
};

/**
 * CPU time of the main thread alone (Linux: its utime + stime in /proc, 10 ms ticks; null elsewhere):
 * what ingest competes with during a rescore, apart from the worker threads.
 */
function mainThreadCpuMs(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/**
 * A copy of the dataset rescored once under the bench's rules (kept beside it, made once): what the
 * bench's later rescore rounds scan, where the replay equals what is stored and nothing is written.
 */
async function rescoredCopy(path: string, log: (line: string) => void): Promise<string> {
  const copy = path.replace(/\.db$/, '-rescored.db');
  if (existsSync(copy)) return copy;
  log(`rescoring a copy of the dataset once: ${copy}`);
  const partial = `${copy}.partial`;
  copyFileSync(path, partial);
  const k = await createKindling(testConfig({}, { KINDLING_DB: partial }), { log: () => {} });
  try {
    await k.writer.flush();
    await k.engine.rescore({});
  } finally {
    await k.close();
  }
  renameSync(partial, copy);
  return copy;
}

/**
 * `npm run bench:engine -- rescore [workers=1,2]`: the bench's rescore dataset (50,000 leads, 1M events), copied
 * aside, rescored in process through the engine (as POST /api/rescore does) with one worker
 * thread and then two (a fresh copy each), then backtested under the same rules twice (current and
 * proposed). Prints events/s (wall and per CPU-second) and the load average for each. `backtest`: only
 * the backtests (in worker threads, then in process) on the dataset itself, read-only. `first`: the first
 * rescore only (no unchanged round, no backtest), the round whose changed leads the main thread writes.
 */
export async function benchEngineRescore(
  scale: number,
  scanRounds = 0,
  workerCounts: readonly number[] = [1, 2],
  scanUnchanged = false,
  scanChunkLeads = 500,
  scanLeads = Number.POSITIVE_INFINITY,
  firstOnly = false,
  accountsRounds = 0,
  applyLeads?: number,
  backtestOnly = false,
): Promise<void> {
  const log = (line: string) => console.error(`bench: ${line}`);
  const data = await dataset(
    { name: 'rescore', leads: 50_000 * scale, engineEventsPerLead: 4, bulkEventsPerLead: 16, anonymousEvents: 0, days: 60, seed: 1 },
    log,
  );
  // `rescore accounts`: only the accounts rebuild, on a copy of the dataset rescored once.
  if (accountsRounds) return benchAccountsRebuild(await rescoredCopy(data.path, log), accountsRounds);
  // `rescore scan`: only the worker's side, on the dataset itself (read-only), or (`unchanged`) on a copy rescored once.
  if (scanRounds)
    return benchEngineScan(scanUnchanged ? await rescoredCopy(data.path, log) : data.path, scanRounds, scanChunkLeads, scanLeads);
  const dir = mkdtempSync(join(tmpdir(), 'kindling-rescore-'));
  const load = () => `load ${loadavg()[0]!.toFixed(1)}`;
  const config = (path: string) => testConfig({}, { KINDLING_DB: path });
  let path = '';
  try {
    // One worker, then two, back to back, each on a fresh copy: the first rescore (stages change) and one under unchanged rules.
    if (backtestOnly) path = data.path;
    for (const workers of backtestOnly ? [] : workerCounts) {
      path = join(dir, `rescore-${workers}.db`);
      copyFileSync(data.path, path);
      const k = await createKindling(config(path), { log: () => {} });
      try {
        await k.writer.flush();
        for (const round of firstOnly ? ['first'] : ['first', 'unchanged']) {
          const cpu = process.cpuUsage();
          const started = performance.now();
          const main = mainThreadCpuMs();
          // The main thread's CPU up to the last chunk's write (the progress report follows it); the rest is the company roll-ups and the accounts rebuild.
          let applied: number | null = null;
          const r = await k.engine.rescore({ workers, applyLeads, onProgress: () => (applied = mainThreadCpuMs()) });
          // The engine rebuilds the accounts after the leads' replay: in the CPU figure, and in the whole wall time.
          const wholeMs = Math.round(performance.now() - started);
          const cpuMs = cpuMsSince(cpu);
          const mainMs = main === null ? null : mainThreadCpuMs()! - main;
          const applyMs = main === null || applied === null ? null : applied - main;
          console.log(
            `rescore (${round}, ${r.workers} worker${r.workers === 1 ? '' : 's'}): ${r.leads} leads, ${r.events} events in ${r.ms} ms (${Math.round((r.events / r.ms) * 1000)} events/s; ${wholeMs} ms with the accounts rebuild; CPU ${Math.round(cpuMs)} ms in all, ${Math.round((r.events / cpuMs) * 1000)} events per CPU-second; main thread ${mainMs ?? '?'} ms CPU, of which ${applyMs ?? '?'} ms up to the last chunk written), ${r.stageChanges} changed stage; ${load()}`,
          );
        }
      } finally {
        await k.close();
      }
    }
    if (firstOnly) return;
    const { scoring } = config(path);
    const rules = compileRules(scoring);
    // Proposed as the bench's backtests propose it (rescore-api.ts): a faster decay, so both replays differ.
    const proposedScoring = { ...scoring, halfLifeDays: 14 };
    const proposedRules = compileRules(proposedScoring);
    // As POST /api/backtest runs it (in worker threads), then in process, as on PostgreSQL.
    for (const workers of [...workerCounts, 0]) {
      const source = openSource(path);
      try {
        const cpu = process.cpuUsage();
        const inWorkers = workers ? source.inWorkers?.({ current: scoring, proposed: proposedScoring }, workers) : undefined;
        const report = await runBacktest({ source, current: rules, proposed: proposedRules, now: Date.now(), inWorkers });
        const cpuMs = cpuMsSince(cpu);
        console.log(
          `backtest (${report.workers ? `${report.workers} worker${report.workers === 1 ? '' : 's'}` : 'in process'}): ${report.leads} leads, ${report.events} events × 2 rule sets (${report.bandChangesTotal} leads change stage) in ${report.ms} ms (${Math.round((report.events / report.ms) * 1000)} events/s; ${Math.round((report.events / cpuMs) * 1000)} events per CPU-second); ${load()}`,
        );
      } finally {
        await source.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
